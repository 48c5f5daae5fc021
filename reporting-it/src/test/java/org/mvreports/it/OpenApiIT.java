package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mvreports.web.ReportingApi;

/**
 * The API's OpenAPI description as the server serves it at {@code /openapi} (anonymously, merged with any other
 * application deployed beside it, e.g. the in-container tests' WARs): titled and versioned; its operations under
 * {@code /reporting/api} are exactly the JAX-RS resources' (read from the web module's classes), each with a summary,
 * its errors and the Basic security scheme; and it is a valid OpenAPI 3 document (swagger-parser's validation).
 */
class OpenApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String document;
    private static JsonObject json;

    @BeforeAll
    static void served() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(TestStack.applicationUrl()).resolve("/openapi")).header("Accept", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "anonymous: " + response.body());
        document = response.body();
        json = Json.createReader(new StringReader(document)).readObject();
    }

    @Test
    void isTitledVersionedAndSecuredWithHttpBasic() {
        assertEquals("MV Reports API", json.getJsonObject("info").getString("title"));
        assertEquals("1", json.getJsonObject("info").getString("version"));
        JsonObject basic = json.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("basic");
        assertEquals("http", basic.getString("type"));
        assertEquals("basic", basic.getString("scheme"));
    }

    @Test
    void describesExactlyTheOperationsOfTheResourcesEachWithItsSummaryAndErrors() throws Exception {
        Set<String> served = new TreeSet<>();
        Map<String, JsonObject> operations = new java.util.HashMap<>();
        json.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, operation) -> {
            String ours = ourPath(path);
            if (ours != null && Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                served.add(method.toUpperCase() + " " + ours);
                operations.put(method.toUpperCase() + " " + ours, operation.asJsonObject());
            }
        }));
        assertEquals(resourceOperations(), served);
        operations.forEach((operation, described) -> {
            assertFalse(described.getString("summary", "").isBlank(), operation + " has a summary");
            JsonObject responses = described.getJsonObject("responses");
            assertTrue(responses.containsKey("401") && responses.containsKey("403"), operation + " says who may: "
                    + responses.keySet());
            assertTrue(responses.keySet().stream().anyMatch(code -> code.startsWith("2")), operation
                    + " says what it answers");
        });
        JsonObject rows = operations.get("GET /api/reports/{name}/rows");
        assertEquals(Set.of("name", "sort", "filter", "page", "size"), rows.getJsonArray("parameters").stream()
                .map(p -> p.asJsonObject().getString("name")).collect(java.util.stream.Collectors.toSet()));
        rows.getJsonArray("parameters").forEach(p -> assertFalse(p.asJsonObject().getString("description", "")
                .isBlank(), "described: " + p));
        assertTrue(rows.getJsonObject("responses").containsKey("400"));
        assertNotNull(json.getJsonObject("components").getJsonObject("responses").getJsonObject("BadRequest"));
    }

    /**
     * Valid but for one field the server adds of its own: Payara 6.2025.9 lists each application's paths in a
     * top-level {@code endpoints}, which OpenAPI does not allow (later Payara versions name it {@code x-endpoints},
     * as extensions must be); that one field is taken out before the validation, nothing else.
     */
    @Test
    void isAValidOpenApi3Document() {
        String standard = Json.createObjectBuilder(json).remove("endpoints").build().toString();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(standard, null, null);
        assertNotNull(parsed.getOpenAPI(), "parsed");
        assertEquals(List.of(), parsed.getMessages(), "validation messages");
        assertTrue(parsed.getOpenAPI().getOpenapi().startsWith("3."), parsed.getOpenAPI().getOpenapi());
    }

    /**
     * A served path as {@code /api/...} when it is this application's: the server writes paths relative to a server
     * URL naming the context root, or with the context root when it merges several applications.
     */
    private static String ourPath(String path) {
        String contextRoot = URI.create(TestStack.applicationUrl()).getPath().replaceAll("/$", "");
        boolean ourServer = json.getJsonArray("servers").stream().map(s -> s.asJsonObject().getString("url"))
                .anyMatch(url -> URI.create(url).getPath().replaceAll("/$", "").equals(contextRoot));
        if (path.startsWith(contextRoot + "/api/")) {
            return path.substring(contextRoot.length());
        }
        return ourServer && path.startsWith("/api/") ? path : null;
    }

    /** {@code METHOD /api/path} of every resource method of the web module, read from its JAX-RS annotations. */
    private static Set<String> resourceOperations() throws IOException, URISyntaxException {
        String api = "/" + ReportingApi.class.getAnnotation(ApplicationPath.class).value();
        Path classes = Path.of(ReportingApi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> operations = new TreeSet<>();
        try (var jar = java.nio.file.FileSystems.newFileSystem(classes);
             Stream<Path> files = Files.walk(jar.getPath("/"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.toString().substring(1).replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, OpenApiIT.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue; // a page's class needs PrimeFaces, which this class path has not: not a resource
                }
                jakarta.ws.rs.Path resource = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (resource == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = Stream.of(GET.class, POST.class, PUT.class, DELETE.class)
                            .filter(method::isAnnotationPresent).map(Class::getSimpleName).findFirst().orElse(null);
                    if (verb != null) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        operations.add(verb + " " + join(api, resource.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return operations;
    }

    private static String join(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            String trimmed = part.replaceAll("^/+|/+$", "");
            if (!trimmed.isEmpty()) {
                joined.append('/').append(trimmed);
            }
        }
        return joined.toString();
    }
}
