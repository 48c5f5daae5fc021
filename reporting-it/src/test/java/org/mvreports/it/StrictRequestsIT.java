package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The requests a new user's hostile tries found accepted, coerced or answered with a server page: each is now a 400
 * (or 401) with a JSON error that says what is wrong, and changes nothing.
 */
class StrictRequestsIT {

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @Test
    void wrongTypedJsonIsRefusedNotCoercedIntoARealAction() throws Exception {
        boolean schedulerBefore = schedulerEnabled();
        long executionsBefore = executions();
        for (String body : List.of("{\"enabled\":1}", "{\"enabled\":\"maybe\"}", "{\"enabled\":\"false\"}",
                "{\"enabled\":" + !schedulerBefore + "} trailing", "{\"enabled\":true,\"enabled\":false}",
                "{\"enabled\":" + !schedulerBefore + ",\"unknown\":1}", "[true]", "{\"enabled\":[[[[[[[[[]]]]]]]]]}")) {
            refused(api.put("schedules", "admin", body), body);
        }
        assertEquals(schedulerBefore, schedulerEnabled(), "the global switch did not move");

        for (String body : List.of("{\"views\":[\"x\\u0000y\"]}", "{\"views\":[[\"monthly_signups\"]]}",
                "{\"views\":[\"monthly_signups\"],\"includeDependents\":\"yes\"}",
                "{\"views\":[\"monthly_signups\"],\"force\":1}", "{\"views\":[\"monthly_signups\"]}garbage",
                "{\"views\":[\"" + "x".repeat(300) + "\"]}", "{\"views\":[\"\"]}", "{\"views\":\"monthly_signups\"}")) {
            refused(api.post("refresh-jobs", "admin", body), body);
        }
        assertEquals(executionsBefore, executions(), "no job was started");

        refused(api.put("schedules/monthly_signups", "admin", "{\"enabled\":0}"), "enabled 0");
        refused(api.post("alerts/webhooks", "admin", "{\"url\":\"http://localhost/x\",\"events\":[\"NOPE\"]}"),
                "unknown event");
    }

    @Test
    void numbersInTheAddressThatAreNotNumbersAre400NotAMissingPage() throws Exception {
        for (String path : List.of("refresh-jobs?page=abc", "refresh-jobs?size=1e3", "refresh-jobs/abc",
                "refresh-jobs/-1")) {
            HttpResponse<String> answer = api.get(path, "admin");
            assertEquals(400, answer.statusCode(), path + ": " + answer.body());
            assertTrue(ApiClient.json(answer).asJsonObject().getString("error").contains("must be"), answer.body());
        }
        refused(api.post("refresh-jobs/abc/stop", "admin", ""), "stop abc");
        refused(api.send("DELETE", "alerts/webhooks/abc", "admin"), "delete abc");
    }

    @Test
    void aSignInTheServerCannotCheckIsA401InJsonNeverTheServersPage() throws Exception {
        for (String[] credentials : new String[][] {{"vie\u0000wer", "viewer"}, {"viewer", "vie\u0000wer"},
                {"viewer", "wrong"}, {null, null}}) {
            HttpResponse<String> answer = api.get("reports", credentials[0], credentials[1]);
            assertEquals(401, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                    answer.headers().map().toString());
            JsonObject error = ApiClient.json(answer).asJsonObject();
            assertEquals("sign in: send your user name and password with HTTP Basic", error.getString("error"));
            assertTrue(answer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        }
    }

    private static void refused(HttpResponse<String> answer, String what) {
        assertEquals(400, answer.statusCode(), what + ": " + answer.body());
        JsonObject error = ApiClient.json(answer).asJsonObject();
        String message = error.getString("error");
        assertFalse(message.contains("Exception") || message.contains("SQL") || message.contains("\u0000"),
                what + ": " + message);
    }

    private boolean schedulerEnabled() throws Exception {
        return ApiClient.json(api.get("schedules", "admin")).asJsonObject().getBoolean("schedulerEnabled");
    }

    private static long executions() throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM app.executioninstancedata")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
