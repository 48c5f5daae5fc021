package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The records auditors review, over REST against the real EAR: the refresh history with DESIGN.md's named filters, its
 * CSV against an independent SQL query, the export record and the admin-action record, who may read which, and every
 * bad request a JSON 400.
 */
class AuditRecordsApiIT {

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    /**
     * A refresh the test makes fail is found by its outcome, with PostgreSQL's SQLSTATE and message and its job
     * execution; the history's CSV lists exactly the rows SQL lists, in the same order; a redefined report's next
     * refresh is found by "definition changed".
     */
    @Test
    void aFailureIsFoundByItsOutcomeAndTheCsvIsTheLogAsSqlHasIt() throws Exception {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            sql.execute("CREATE MATERIALIZED VIEW reports.it_audit_ok AS SELECT 1 AS id WITH NO DATA");
            sql.execute("CREATE MATERIALIZED VIEW reports.it_audit_failing AS SELECT 1 / 0 AS id WITH NO DATA");
            try {
                long ok = api.startJob("admin", "{\"views\":[\"it_audit_ok\"],\"force\":true}");
                assertEquals("COMPLETED", api.awaitEnd(ok).getString("batchStatus"));
                long failing = api.startJob("admin", "{\"views\":[\"it_audit_failing\"],\"force\":true}");
                assertEquals("FAILED", api.awaitEnd(failing).getString("batchStatus"));

                for (String role : List.of("auditor", "admin")) {
                    JsonObject found = ApiClient.json(api.get("refresh-log?outcome=failed&view=it_audit_failing",
                            role)).asJsonObject();
                    assertEquals(1, found.getInt("matchingRows"), role + ": " + found);
                    JsonObject row = found.getJsonArray("rows").getJsonObject(0);
                    assertEquals("FAILED", row.getString("outcome"));
                    assertEquals("22012", row.getString("sql_state"), "PostgreSQL's division_by_zero");
                    assertTrue(row.getString("error").contains("division by zero"), row.getString("error"));
                    assertEquals(failing, row.getJsonNumber("execution").longValue(), "its job execution");
                    assertEquals("admin", row.getString("triggered_by"));
                }

                // Redefined: its next refresh saw another definition than its previous successful one.
                sql.execute("DROP MATERIALIZED VIEW reports.it_audit_ok");
                sql.execute("CREATE MATERIALIZED VIEW reports.it_audit_ok AS SELECT 2 AS id WITH NO DATA");
                long again = api.startJob("admin", "{\"views\":[\"it_audit_ok\"],\"force\":true}");
                assertEquals("COMPLETED", api.awaitEnd(again).getString("batchStatus"));
                JsonObject changed = ApiClient.json(api.get("refresh-log?view=it_audit_ok&definitionChanged=true",
                        "auditor")).asJsonObject();
                assertEquals(1, changed.getInt("matchingRows"), changed.toString());
                assertEquals(again, changed.getJsonArray("rows").getJsonObject(0).getJsonNumber("execution")
                        .longValue(), "the refresh after the redefinition");
                assertEquals(0, ApiClient.json(api.get("refresh-log?view=it_audit_ok&definitionChanged=false",
                        "auditor")).asJsonObject().getInt("matchingRows"), "the first refresh had nothing to compare"
                        + " with (null), the second saw a new definition");

                String filter = URLEncoder.encode("report:in:it_audit_ok,it_audit_failing", StandardCharsets.UTF_8);
                HttpResponse<String> csv = api.get("refresh-log?format=csv&filter=" + filter, "auditor");
                assertEquals(200, csv.statusCode(), csv.body());
                assertTrue(csv.headers().firstValue("Content-Disposition").orElse("")
                        .contains("refresh_history_"), "named after the record and its time");
                List<String> lines = new ArrayList<>(Arrays.asList(csv.body().split("\n")));
                assertEquals("id,started_at,report,outcome,trigger,triggered_by", String.join(",",
                        Arrays.asList(lines.remove(0).split(",")).subList(0, 6)));
                assertEquals(query("""
                        SELECT id, started_at, view_name, outcome, trigger_kind, coalesce(triggered_by, '')
                        FROM app.refresh_log
                        WHERE view_schema = 'reports' AND view_name IN ('it_audit_ok', 'it_audit_failing')
                        ORDER BY started_at DESC, id DESC"""), lines.stream().map(AuditRecordsApiIT::firstSix)
                        .toList(), "every row, newest first, as SQL lists them");
                assertEquals(3, lines.size(), "two refreshes of one, one of the other");
            } finally {
                sql.execute("DROP MATERIALIZED VIEW IF EXISTS reports.it_audit_ok");
                sql.execute("DROP MATERIALIZED VIEW IF EXISTS reports.it_audit_failing");
            }
        }
    }

    /**
     * The export record lists an export the test made (a report's, and the history's own), the admin-action record an
     * interval the test changed; both are for auditors only, the history for auditors and refresh administrators, and
     * none can be changed over the API.
     */
    @Test
    void theExportRecordAndTheAdminActionsListWhatTheTestDidForAuditorsOnly() throws Exception {
        HttpResponse<String> exported = api.get("reports/monthly_signups/export?format=csv", "viewer");
        assertEquals(200, exported.statusCode());
        long rows = exported.body().lines().count() - 1;
        JsonObject exports = ApiClient.json(api.get("exports?user=viewer&view=monthly_signups", "auditor"))
                .asJsonObject();
        JsonObject newest = exports.getJsonArray("rows").getJsonObject(0);
        assertEquals("viewer", newest.getString("exported_by"));
        assertEquals("CSV", newest.getString("format"));
        assertEquals("COMPLETED", newest.getString("outcome"));
        assertEquals(rows, newest.getJsonNumber("rows").longValue());

        assertEquals(200, api.get("refresh-log?format=xlsx&size=1", "auditor").statusCode());
        JsonObject historyExport = ApiClient.json(api.get("exports?user=auditor&view=refresh_history", "auditor"))
                .asJsonObject().getJsonArray("rows").getJsonObject(0);
        assertEquals("XLSX", historyExport.getString("format"), "a record's export is recorded like a report's");

        try {
            assertEquals(200, api.put("schedules/monthly_signups", "admin", "{\"refreshInterval\":\"PT3H\"}")
                    .statusCode());
            JsonObject action = ApiClient.json(api.get("admin-actions?action=set_interval&view=monthly_signups",
                    "auditor")).asJsonObject().getJsonArray("rows").getJsonObject(0);
            assertEquals("admin", action.getString("acted_by"));
            assertEquals("PT3H", action.getString("new_value"));
        } finally {
            api.put("schedules/monthly_signups", "admin", "{\"refreshInterval\":\"\"}");
        }

        for (String[] refused : List.of(new String[] {"exports", "admin"}, new String[] {"admin-actions", "admin"},
                new String[] {"exports", "viewer"}, new String[] {"refresh-log", "viewer"})) {
            HttpResponse<String> answer = api.get(refused[0], refused[1]);
            assertEquals(403, answer.statusCode(), refused[0] + " as " + refused[1]);
            assertTrue(ApiClient.json(answer).asJsonObject().containsKey("error"));
        }
        assertEquals(401, api.get("refresh-log", null, null).statusCode());
        for (String method : List.of("POST", "PUT", "DELETE")) {
            assertEquals(405, api.send(method, "refresh-log", "auditor").statusCode(), method + ": nobody changes it");
        }
    }

    /** Every request the records cannot answer is a JSON 400 saying why, never an empty page or a 500. */
    @Test
    void badRequestsAreClearJson400s() throws Exception {
        for (String bad : List.of("refresh-log?outcome=nope", "refresh-log?trigger=cron", "refresh-log?page=abc",
                "refresh-log?size=x", "refresh-log?from=yesterday", "refresh-log?to=2026-13-45",
                "refresh-log?execution=first", "refresh-log?definitionChanged=maybe", "refresh-log?sort=nope",
                "refresh-log?filter=nope:eq:1", "refresh-log?format=pdf", "exports?outcome=DONE",
                "exports?from=%00", "admin-actions?action=DROP_TABLE", "admin-actions?execution=1%27%20OR%201=1")) {
            HttpResponse<String> answer = api.get(bad, "auditor");
            assertEquals(400, answer.statusCode(), bad + ": " + answer.body());
            String error = ApiClient.json(answer).asJsonObject().getString("error");
            assertTrue(!error.isBlank() && !error.contains("Exception") && !error.contains("SQL"), bad + ": " + error);
        }
    }

    private static String firstSix(String csvLine) {
        return String.join(",", Arrays.asList(csvLine.split(",", -1)).subList(0, 6));
    }

    private static List<String> query(String select) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'"); // as the export writes times
            ResultSet rs = statement.executeQuery(select);
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
                lines.add(String.join(",", values));
            }
        }
        return lines;
    }
}
