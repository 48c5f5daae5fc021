package org.mvreports.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Payara Server 6, unpacked from the distribution zip that Maven fetched, with its {@code domain1} set up for us:
 * the PostgreSQL driver in the domain's lib, a server-level pool ({@code jdbc/reporting}) read from environment
 * variables and shared by JPA and the batch job repository, and the EAR deployed.
 */
final class PayaraServer implements AutoCloseable {

    static final String DOMAIN = "domain1";
    static final String APPLICATION = "mv-reports";
    static final String POOL = "reporting-pool";
    static final String DATA_SOURCE = "jdbc/reporting";
    static final String BATCH_POOL = "reporting-batch-pool";
    static final String BATCH_DATA_SOURCE = "jdbc/reporting-batch";
    static final String BATCH_SCHEMA = "app";

    private static final int DEFAULT_HTTP_PORT = 8080;
    private static final int DEFAULT_ADMIN_PORT = 4848;

    private final Path home;
    private final int portOffset;
    private final Asadmin asadmin;
    private ProcessHandle process;

    private PayaraServer(Path home, int portOffset, Map<String, String> environment) {
        this.home = home;
        this.portOffset = portOffset;
        this.asadmin = new Asadmin(home, adminPort(), environment);
    }

    int httpPort() {
        return DEFAULT_HTTP_PORT + portOffset;
    }

    int adminPort() {
        return DEFAULT_ADMIN_PORT + portOffset;
    }

    Path serverLog() {
        return home.resolve("glassfish/domains/" + DOMAIN + "/logs/server.log");
    }

    /** Where {@link #install} unpacks the server in a home; its processes name this folder on their command line. */
    static Path installation(Path stackHome) {
        return stackHome.resolve("server/payara6");
    }

    /** The server's process, once started. */
    ProcessHandle process() {
        if (process == null) {
            throw new IllegalStateException("the server has not been started");
        }
        return process;
    }

    /**
     * Unpacks the distribution into the stack home's {@code server} folder unless that was done before with the same
     * zip and port offset. Every port of the domain is moved by {@code portOffset}, so tests can run beside a running
     * instance.
     */
    static PayaraServer install(Path zip, Path stackHome, int portOffset, Map<String, String> environment)
            throws IOException {
        Path home = installation(stackHome);
        Path installDirectory = home.getParent();
        Path marker = installDirectory.resolve(".installed");
        String stamp = zip.getFileName() + " " + Files.size(zip) + " offset " + portOffset;
        if (!Files.exists(marker) || !Files.readString(marker).equals(stamp)) {
            StackFiles.deleteRecursively(installDirectory);
            Files.createDirectories(installDirectory);
            unzip(zip, installDirectory);
            if (portOffset != 0) {
                movePorts(home.resolve("glassfish/domains/" + DOMAIN + "/config/domain.xml"), portOffset);
            }
            Files.writeString(marker, stamp);
        }
        return new PayaraServer(home, portOffset, environment);
    }

    /** Starts the domain with the PostgreSQL driver available to server-level pools. */
    void start(Path jdbcDriverJar) throws IOException {
        requireFree(httpPort(), "HTTP");
        requireFree(adminPort(), "administration");
        Path domainLib = home.resolve("glassfish/domains/" + DOMAIN + "/lib");
        Files.createDirectories(domainLib);
        Files.copy(jdbcDriverJar, domainLib.resolve("postgresql.jar"), StandardCopyOption.REPLACE_EXISTING);
        forgetDeployment();
        asadmin.run("start-domain", DOMAIN);
        // start-domain returns once the server answers; the server (detached from us) has written its process id.
        String pid = Files.readString(home.resolve("glassfish/domains/" + DOMAIN + "/config/pid")).trim();
        process = ProcessHandle.of(Long.parseLong(pid))
                .orElseThrow(() -> new IOException("Payara Server (process " + pid + ") ended right after its start;"
                        + " see " + serverLog()));
    }

    /**
     * Says nothing about the server to callers: no {@code Server} and {@code X-Powered-By} headers (by default every
     * answer names the server and its exact version, which tells an attacker which published vulnerabilities to try),
     * a neutral page for the server's own error answers (addresses outside the application), and the application
     * instead of Payara's welcome page at the server's root. (A site's own server: README "Security".)
     */
    void hideServerIdentity() throws IOException {
        for (String listener : new String[] {"http-listener-1", "http-listener-2"}) {
            String http = "configs.config.server-config.network-config.protocols.protocol." + listener + ".http.";
            asadmin.run("set", http + "server-header=false");
            asadmin.run("set", http + "xpowered-by=false");
        }
        Path docroot = home.resolve("glassfish/domains/" + DOMAIN + "/docroot");
        Files.writeString(docroot.resolve("index.html"), """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>MV Reports</title>
                <meta http-equiv="refresh" content="0; url=/reporting/"></head>
                <body><p><a href="/reporting/">MV Reports</a></p></body></html>
                """);
        Path errorPage = docroot.resolve("error.html");
        Files.writeString(errorPage, """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Not available</title></head>
                <body style="font-family: sans-serif; margin: 2rem">
                <h1>This address is not available</h1>
                <p>There is nothing to show here. <a href="/reporting/">Go to MV Reports</a>.</p>
                </body></html>
                """);
        String virtualServer = "configs.config.server-config.http-service.virtual-server.server.property.";
        for (int status : new int[] {400, 403, 404, 405, 500, 503}) {
            asadmin.run("set", virtualServer + "send-error_" + status + "=code=" + status + " path="
                    + errorPage.toAbsolutePath() + " reason=Not_available");
        }
    }

    /**
     * Creates (or re-creates) the two pools and their data sources, and points the batch job repository at the second:
     * <ul>
     *   <li>{@code jdbc/reporting}: the application's (JPA, the refresh engine, the catalog, Flyway, sign-in);</li>
     *   <li>{@code jdbc/reporting-batch}: only the batch runtime's job repository. The batch runtime runs
     *       {@code SET search_path TO app} on every connection it uses and never resets it; on a shared pool those
     *       connections came back to the application at random, and {@code pg_get_viewdef} (the refresh engine's
     *       definition hash) prints names differently depending on the search_path. Two pools keep every connection
     *       the application gets as the database hands it out. Both point at the same database: the repository's
     *       tables live in the {@code app} schema, where the application reads them.</li>
     * </ul>
     * Connection settings are {@code ${ENV=...}} references, resolved by the server from its environment at start,
     * so no password is written into domain.xml.
     *
     * <p>Connections are validated before use, but each at most every 5 seconds: the batch runtime takes a pooled
     * connection for every repository write, and a validation round trip each time was a measurable part of a
     * job's fixed cost. If the database restarts, the first failed validation drops all connections
     * ({@code fail-all-connections}). The driver's pooled connections ({@code PGConnectionPoolDataSource}) tell the
     * pool when one of them is broken (its session was terminated, the server went away), so the pool drops it at
     * once instead of handing it to the next caller within those 5 seconds.
     */
    void configureDataSource(Path workDirectory) throws IOException {
        String existingResources = asadmin.run("list-jdbc-resources");
        String existingPools = asadmin.run("list-jdbc-connection-pools");
        for (String[] pool : new String[][] {{POOL, DATA_SOURCE}, {BATCH_POOL, BATCH_DATA_SOURCE}}) {
            if (existingResources.lines().anyMatch(pool[1]::equals)) {
                asadmin.run("delete-jdbc-resource", pool[1]);
            }
            if (existingPools.lines().anyMatch(pool[0]::equals)) {
                asadmin.run("delete-jdbc-connection-pool", pool[0]);
            }
        }
        Path resources = workDirectory.resolve("reporting-resources.xml");
        Files.writeString(resources, """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE resources PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Resource Definitions//EN"
                        "http://glassfish.org/dtds/glassfish-resources_1_5.dtd">
                <resources>
                %s
                %s
                </resources>
                """.formatted(pool(POOL, DATA_SOURCE, 32, "mv-reports"),
                pool(BATCH_POOL, BATCH_DATA_SOURCE, 16, "mv-reports-batch")));
        asadmin.run("add-resources", resources.toString());
        // The job repository's tables go into the application's schema, named in lower case: Payara checks for
        // existing tables with the configured name as given (its default "APP" never matches PostgreSQL's "app"),
        // so with the default every start after the first tried to create them again and the batch runtime failed.
        asadmin.run("set-batch-runtime-configuration", "--datasourcelookupname", BATCH_DATA_SOURCE,
                "--schemaname", BATCH_SCHEMA);
    }

    /** One pool and its data source, as glassfish-resources XML; the application name shows in pg_stat_activity. */
    private static String pool(String name, String jndiName, int maxSize, String applicationName) {
        return """
                    <jdbc-connection-pool name="%s" res-type="javax.sql.ConnectionPoolDataSource"
                                          datasource-classname="org.postgresql.ds.PGConnectionPoolDataSource"
                                          steady-pool-size="2" max-pool-size="%d" pool-resize-quantity="2"
                                          is-connection-validation-required="true"
                                          connection-validation-method="custom-validation"
                                          validation-classname="org.glassfish.api.jdbc.validation.PostgresConnectionValidation"
                                          validate-atmost-once-period-in-seconds="5"
                                          fail-all-connections="true">
                        <property name="URL" value="${ENV=REPORTING_DB_URL}"/>
                        <property name="User" value="${ENV=REPORTING_DB_USER}"/>
                        <property name="Password" value="${ENV=REPORTING_DB_PASSWORD}"/>
                        <property name="ApplicationName" value="%s"/>
                    </jdbc-connection-pool>
                    <jdbc-resource pool-name="%s" jndi-name="%s"/>
                """.formatted(name, maxSize, applicationName, name, jndiName);
    }

    /**
     * Removes the application deployed by an earlier start from the stopped domain. The server would load it while
     * starting, in the background after {@code start-domain} returns, and the {@link #deploy} that follows replaces it
     * at the same time: the two raced (the load's class loader closed under it, and once the EJB timer service failed
     * to start, which failed the deployment). Every start deploys the EAR afresh anyway.
     */
    private void forgetDeployment() throws IOException {
        Path domain = home.resolve("glassfish/domains/" + DOMAIN);
        Path domainXml = domain.resolve("config/domain.xml");
        String xml = Files.readString(domainXml);
        String without = withoutApplication(xml, APPLICATION);
        if (!without.equals(xml)) {
            Files.writeString(domainXml, without);
        }
        StackFiles.deleteRecursively(domain.resolve("applications/" + APPLICATION));
        StackFiles.deleteRecursively(domain.resolve("applications/__internal/" + APPLICATION));
    }

    /** domain.xml without the application's entry and the server's reference to it. */
    static String withoutApplication(String domainXml, String application) {
        String name = Pattern.quote(application);
        return domainXml
                .replaceAll("(?s)\\s*<application [^>]*name=\"" + name + "\"[^>]*>.*?</application>", "")
                .replaceAll("\\s*<application-ref [^>]*ref=\"" + name + "\"[^>]*>(</application-ref>)?", "");
    }

    void deploy(Path ear) throws IOException {
        asadmin.run("deploy", "--force=true", "--name", APPLICATION, ear.toString());
    }

    /** Stops the server, unless it is not running (never started, or it died). */
    @Override
    public void close() throws IOException {
        if (process != null && process.isAlive()) {
            asadmin.tryRun("stop-domain", DOMAIN);
        }
    }

    private static void requireFree(int port, String what) throws IOException {
        boolean inUse;
        try (Socket ignored = new Socket("localhost", port)) {
            inUse = true;
        } catch (IOException nothingListening) {
            inUse = false;
        }
        if (inUse) {
            throw new IOException("port " + port + " (" + what + ") is already in use by another program;"
                    + " stop that program (or the other MV Reports) and start again");
        }
    }

    /** Moves every listener port and every {@code *PORT*} system property of domain.xml by {@code offset}. */
    private static void movePorts(Path domainXml, int offset) throws IOException {
        String xml = Files.readString(domainXml);
        xml = shift(xml, Pattern.compile("(port=\")(\\d+)(\")"), offset);
        xml = shift(xml, Pattern.compile("(<system-property name=\"[A-Z_]*PORT[A-Z_]*\"[^>]*value=\")(\\d+)(\")"),
                offset);
        Files.writeString(domainXml, xml);
    }

    private static String shift(String xml, Pattern portPattern, int offset) {
        Matcher m = portPattern.matcher(xml);
        StringBuilder moved = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(moved, Matcher.quoteReplacement(
                    m.group(1) + (Integer.parseInt(m.group(2)) + offset) + m.group(3)));
        }
        m.appendTail(moved);
        return moved.toString();
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(entries, file, StandardCopyOption.REPLACE_EXISTING);
                    if (file.getParent().getFileName().toString().equals("bin")) {
                        file.toFile().setExecutable(true);
                    }
                }
            }
        }
    }
}
