package org.mvreports.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mvreports.refusal.InvalidRequestException;

class StrictJsonBodiesTest {

    /** A request type as the resources declare them: public fields, a public no-argument constructor. */
    public static class Request implements StrictJsonBodies.RequestBody {
        public List<String> views;
        public Boolean enabled;
        public String interval;
        public Integer count;
        public List<Thread.State> states;
    }

    @Test
    void aBodyAsWrittenIsReadAsWritten() {
        Request request = read("""
                {"views": ["a", "b"], "enabled": false, "interval": "6 hours", "count": 3, "states": ["NEW"]}""");
        assertEquals(List.of("a", "b"), request.views);
        assertEquals(Boolean.FALSE, request.enabled);
        assertEquals("6 hours", request.interval);
        assertEquals(3, request.count);
        assertEquals(List.of(Thread.State.NEW), request.states);
        assertNull(read("{\"enabled\": null}").enabled, "null leaves a field absent");
    }

    @Test
    void wrongTypesAreRefusedNeverCoerced() {
        refused("{\"enabled\": 1}", "enabled must be true or false, was a number");
        refused("{\"enabled\": \"maybe\"}", "enabled must be true or false, was a string");
        refused("{\"enabled\": \"true\"}", "enabled must be true or false, was a string");
        refused("{\"views\": [[\"a\"]]}", "views's items must be a string, was an array");
        refused("{\"views\": \"a\"}", "views must be an array, was a string");
        refused("{\"views\": [null]}", "views's items must be a string, was null");
        refused("{\"interval\": 6}", "interval must be a string, was a number");
        refused("{\"count\": 1.5}", "count must be a whole number, was a number");
        refused("{\"count\": 99999999999}", "count must be a whole number, was a number");
        refused("{\"states\": [\"SLEEPING\"]}", "states's items must be one of [NEW, RUNNABLE, BLOCKED, WAITING,"
                + " TIMED_WAITING, TERMINATED], was \"SLEEPING\"");
    }

    @Test
    void anythingButOneObjectOfKnownFieldsIsRefused() {
        refused("{\"enabled\": true} garbage", "the request body is not valid JSON (line 1, column 19)");
        refused("{\"enabled\": true}{}", "the request body is not valid JSON (line 1, column 18)");
        refused("{\"enabled\": true, \"enabled\": false}", "the key \"enabled\" is given twice");
        refused("{\"enabeld\": true}", "unknown field \"enabeld\"; the fields are count, enabled, interval, states,"
                + " views");
        refused("[true]", "the request body must be a JSON object ({...})");
        refused("{\"views\": " + "[".repeat(20) + "]".repeat(20) + "}",
                "the request body is nested deeper than 8 levels");
        refused("{\"interval\": \"a\\u0000b\"}", "interval must not contain control characters");
        refused("{\"interval\": \"a\\qb\"}", "the request body is not valid JSON (line 1, column 17)");
        refused("{\"views\": [" + "\"a\",".repeat(1000) + "\"a\"]}", "an array has more than 1000 items");
    }

    @Test
    void theBodyMustBeUtf8AndSmall() throws Exception {
        InvalidRequestException notUtf8 = assertThrows(InvalidRequestException.class, () -> StrictJsonBodies.utf8(
                new ByteArrayInputStream(new byte[] {'{', (byte) 0xC3, '}'})));
        assertEquals("the request body is not UTF-8 text", notUtf8.getMessage());
        InvalidRequestException large = assertThrows(InvalidRequestException.class, () -> StrictJsonBodies.utf8(
                new ByteArrayInputStream(new byte[StrictJsonBodies.MAX_BODY_BYTES + 1])));
        assertEquals("the request body is larger than 64 KiB", large.getMessage());
        assertEquals("{}", StrictJsonBodies.utf8(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))));
    }

    private static Request read(String json) {
        return StrictJsonBodies.bind(Request.class, StrictJsonBodies.parse(json));
    }

    private static void refused(String json, String message) {
        InvalidRequestException refusal = assertThrows(InvalidRequestException.class, () -> read(json), json);
        assertEquals(message, refusal.getMessage(), json);
    }
}
