package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * Any report's rows and exports over the REST API, compared with independent SQL: sorting, filtering, paging,
 * counting; CSV and XLSX exports of the whole filtered report (recorded for auditors); every error answer; and
 * strings meant to inject SQL, treated as data everywhere.
 */
class ReportApiIT {

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    /** The filters and sort of the tests below, as SQL for the independent check. */
    private static final String OSLO_OR_ROME = "destination IN ('Oslo', 'Rome') AND results >= 1";

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void detailsAreForEveryRoleAndDescribeColumnsKeyAndDependencies() throws Exception {
        HttpResponse<String> response = api.get("reports/shipment_status", "auditor");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject details = ApiClient.json(response).asJsonObject();
        assertEquals("Shipment status", details.getJsonObject("report").getString("title"));
        assertEquals(List.of("shipment_id"), details.getJsonArray("uniqueKey").getValuesAs(JsonValue::toString)
                .stream().map(s -> s.replace("\"", "")).toList());
        assertTrue(details.getJsonArray("reads").toString().contains("reports.results_agg"));
        JsonObject destination = column(details.getJsonArray("columns"), "destination");
        assertEquals("text", destination.getString("type"));
        assertEquals("TEXT", destination.getString("kind"));
        assertTrue(destination.getJsonArray("operators").toString().contains("\"startswith\""));
        JsonObject signups = ApiClient.json(api.get("reports/monthly_signups", "viewer")).asJsonObject();
        assertEquals("BAR", signups.getJsonObject("chart").getString("type"));
        assertEquals(List.of("weekly_uploads", "monthly_uploads").stream().sorted().toList(),
                ApiClient.json(api.get("reports/daily_uploads", "viewer")).asJsonObject().getJsonArray("readBy")
                        .getValuesAs(v -> v.toString().replace("\"", "")).stream().sorted().toList());
        assertEquals(404, api.get("reports/nope", "viewer").statusCode());
    }

    /**
     * A typo in a report's comment is the report file's problem, not the caller's: the report keeps working with the
     * line's default, every role reads the problems in its details, and the server log says so once.
     */
    @Test
    void aReportWithTyposInItsCommentKeepsWorkingAndSaysWhichLinesCouldNotBeUsed() throws Exception {
        sql("DROP MATERIALIZED VIEW IF EXISTS reports.it_typos");
        sql("""
                CREATE MATERIALIZED VIEW reports.it_typos AS
                SELECT g AS id, g * 1.5 AS amount, 'r' || g AS region FROM generate_series(1, 20) g""");
        sql("CREATE UNIQUE INDEX it_typos_id ON reports.it_typos (id)");
        sql("""
                COMMENT ON MATERIALIZED VIEW reports.it_typos IS 'title: Report with typos
                refresh-interval: 1 fortnight
                chart: bar x=region y=region
                totals: amount, region
                format: amount=two
                section:
                owner: finance (prose, ignored)'""");
        try {
            int logged = countInServerLog("report it_typos has problems in its definition");
            JsonObject details = ApiClient.json(api.get("reports/it_typos", "auditor")).asJsonObject();
            JsonObject report = details.getJsonObject("report");
            assertEquals("Report with typos", report.getString("title"));
            assertEquals("PT24H", report.getString("refreshInterval"), "the default applies");
            assertTrue(details.get("chart") == null || details.get("chart") == JsonValue.NULL, "no chart");
            List<String> problems = report.getJsonArray("problems").getValuesAs(JsonObject.class).stream()
                    .map(p -> p.getInt("line") + " " + p.getString("text") + " -> " + p.getString("problem"))
                    .toList();
            assertEquals(5, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("2 refresh-interval: 1 fortnight -> '1 fortnight' is neither"),
                    problems.get(0));
            assertTrue(problems.get(1).startsWith("3 chart: bar x=region y=region -> its y column region"));
            assertTrue(problems.get(2).startsWith("4 totals: amount, region -> region is not a number column"));
            assertTrue(problems.get(3).startsWith("5 format: amount=two -> 'two' for amount"));
            assertTrue(problems.get(4).startsWith("6 section: -> the section is empty"));
            assertEquals(5, ApiClient.json(api.get("reports/it_typos", "viewer")).asJsonObject()
                    .getJsonObject("report").getJsonArray("problems").size(), "for every role");

            HttpResponse<String> rows = api.get("reports/it_typos/rows?sort=-id&size=3", "viewer");
            assertEquals(200, rows.statusCode(), rows.body());
            JsonObject totals = ApiClient.json(rows).asJsonObject().getJsonObject("totals");
            assertEquals(List.of("amount"), List.copyOf(totals.keySet()), "the totals line's good part");
            assertEquals(0, new java.math.BigDecimal("315").compareTo(totals.getJsonNumber("amount")
                    .bigDecimalValue()));
            assertEquals(200, api.getBytes("reports/it_typos/export?format=csv", "viewer").statusCode());
            assertTrue(ApiClient.json(api.get("reports", "admin")).asJsonArray().stream()
                    .anyMatch(r -> r.asJsonObject().getString("name").equals("it_typos")));
            Await.until("the problems to be logged", Duration.ofSeconds(10),
                    () -> countInServerLog("report it_typos has problems in its definition") == logged + 1);
            api.get("reports/it_typos", "viewer");
            assertEquals(logged + 1, countInServerLog("report it_typos has problems in its definition"),
                    "said once per node, not per request");
        } finally {
            sql("DROP MATERIALIZED VIEW reports.it_typos");
        }
    }

    private static int countInServerLog(String text) throws Exception {
        String log = Files.readString(TestStack.home().resolve("server/payara6/glassfish/domains/domain1/logs/"
                + "server.log"));
        int count = 0;
        for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void totalsAreSumsOverEveryMatchingRowNotOnlyThePage() throws Exception {
        JsonObject read = ApiClient.json(api.get("reports/daily_uploads/rows?size=5&filter=" + encode("uploads:ge:2"),
                "viewer")).asJsonObject();
        List<String> expected = sql("""
                SELECT sum(uploads)::text, sum(total_bytes)::text FROM reports.daily_uploads WHERE uploads >= 2""")
                .get(0);
        JsonObject totals = read.getJsonObject("totals");
        assertEquals(List.of("uploads", "total_bytes"), List.copyOf(totals.keySet()));
        assertEquals(expected, List.of(totals.getJsonNumber("uploads").bigDecimalValue().toPlainString(),
                totals.getJsonNumber("total_bytes").bigDecimalValue().toPlainString()));
        assertTrue(read.getJsonNumber("matchingRows").longValue() > 5, "the sums cover more than the page");
        assertTrue(ApiClient.json(api.get("reports/shipment_status/rows?size=5", "viewer")).asJsonObject()
                .getJsonObject("totals").isEmpty(), "a report without a totals line has none");
    }

    @Test
    void numbersBigDecimalCannotHoldAreShownAsPostgresqlPrintsThem() throws Exception {
        sql("DROP MATERIALIZED VIEW IF EXISTS reports.it_odd_numbers");
        sql("""
                CREATE MATERIALIZED VIEW reports.it_odd_numbers AS
                SELECT g AS id, (ARRAY['NaN', 'Infinity', '-Infinity', '1.5'])[g]::float8 AS x
                FROM generate_series(1, 4) g""");
        try {
            HttpResponse<String> rows = api.get("reports/it_odd_numbers/rows?sort=id", "viewer");
            assertEquals(200, rows.statusCode(), rows.body());
            assertEquals(List.of("\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1.5"),
                    ApiClient.json(rows).asJsonObject().getJsonArray("rows").getValuesAs(JsonObject.class).stream()
                            .map(r -> r.get("x").toString()).toList());
            // Below double precision's range: Java reads it, PostgreSQL refuses it (22003), for pages and exports.
            assertError(api.get("reports/it_odd_numbers/rows?filter=" + encode("x:gt:1e-400"), "viewer"), 400,
                    "a filter value does not fit its column");
            assertError(api.get("reports/it_odd_numbers/export?format=csv&filter=" + encode("x:gt:1e-400"),
                    "viewer"), 400, "a filter value does not fit its column");
            HttpResponse<byte[]> xlsx = api.getBytes("reports/it_odd_numbers/export?format=xlsx&sort=id", "viewer");
            assertEquals(200, xlsx.statusCode());
            try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
                assertEquals("NaN", workbook.getSheet("Report").getRow(1).getCell(1).getStringCellValue());
                assertEquals(1.5, workbook.getSheet("Report").getRow(4).getCell(1).getNumericCellValue());
            }
        } finally {
            sql("DROP MATERIALIZED VIEW reports.it_odd_numbers");
        }
    }

    @Test
    void deepPagesStartAtAnAnchorAndHoldTheRowsOffsetWouldGive() throws Exception {
        // user_directory has 3,000 rows in the tests: pages past row 1,000 can start at an anchor, in any order.
        List<String[]> cases = List.of(
                new String[] {"-user_id", null, "user_id DESC", "true"},
                new String[] {"email", null, "email, user_id", "true"},
                new String[] {"-joined_on", "user_id:gt:100", "joined_on DESC, user_id DESC", "user_id > 100"},
                new String[] {"-joined_on,email", null, "joined_on DESC, email, user_id", "true"},
                new String[] {"joined_on,-user_id", null, "joined_on, user_id DESC", "true"});
        for (String[] c : cases) {
            for (int page : new int[] {20, 41, 59}) {
                assertDeepPage("user_directory", "user_id", c[0], c[1], page,
                        "SELECT user_id FROM reports.user_directory WHERE " + c[3] + " ORDER BY " + c[2]);
            }
        }

        // Nulls in sort columns (last ascending, first descending), anchors among them and among values.
        sql("DROP MATERIALIZED VIEW IF EXISTS reports.it_nulls");
        sql("""
                CREATE MATERIALIZED VIEW reports.it_nulls AS
                SELECT g AS id, CASE WHEN g % 7 = 0 OR g > 2300 THEN NULL ELSE g % 100 END AS bucket,
                       CASE WHEN g % 3 = 0 OR g < 400 THEN NULL ELSE 'n' || (g % 11) END AS label
                FROM generate_series(1, 2500) g""");
        sql("CREATE UNIQUE INDEX it_nulls_id ON reports.it_nulls (id)");
        try {
            for (String[] c : List.of(new String[] {"-bucket", "bucket DESC, id DESC"},
                    new String[] {"bucket", "bucket, id"},
                    new String[] {"label,-bucket", "label, bucket DESC, id DESC"},
                    new String[] {"-label,bucket", "label DESC, bucket, id"})) {
                for (int page : new int[] {20, 30, 45, 49}) {
                    assertDeepPage("it_nulls", "id", c[0], null, page,
                            "SELECT id FROM reports.it_nulls ORDER BY " + c[1]);
                }
            }
        } finally {
            sql("DROP MATERIALIZED VIEW reports.it_nulls");
        }
    }

    /**
     * Page {@code page} (of 50) of a report in an order holds the rows OFFSET gives, and was read from an anchor: an
     * offset below the anchors' spacing of 1,000 rows.
     */
    private void assertDeepPage(String report, String key, String sort, String filter, int page, String sqlOrder)
            throws Exception {
        String query = "?sort=" + encode(sort) + (filter == null ? "" : "&filter=" + encode(filter)) + "&page="
                + page + "&size=50";
        HttpResponse<String> response = api.get("reports/" + report + "/rows" + query, "viewer");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject read = ApiClient.json(response).asJsonObject();
        List<String> shown = read.getJsonArray("rows").getValuesAs(JsonObject.class).stream()
                .map(r -> r.getJsonNumber(key).toString()).toList();
        List<String> expected = sql(sqlOrder + " OFFSET " + (page * 50) + " LIMIT 50").stream()
                .map(r -> r.get(0)).toList();
        String context = report + " sort=" + sort + " page " + page + ":\n" + read.getString("sql");
        assertEquals(expected, shown, context);
        List<String> parameters = read.getJsonArray("parameters").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        long offset = Long.parseLong(parameters.get(parameters.size() - 1).replaceAll("[^0-9]", ""));
        assertTrue(offset < 1000, "read from an anchor, not with OFFSET " + offset + ": " + context);
    }

    @Test
    void aPageIsSortedFilteredAndCountedOnTheServerAsSqlWouldHaveIt() throws Exception {
        String query = "?sort=" + encode("-shipped_at,reference") + "&filter=" + encode("destination:in:Oslo,Rome")
                + "&filter=" + encode("results:ge:1") + "&page=1&size=7";
        HttpResponse<String> response = api.get("reports/shipment_status/rows" + query, "viewer");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject page = ApiClient.json(response).asJsonObject();
        List<List<String>> expected = sql("""
                SELECT reference, destination, results FROM reports.shipment_status
                WHERE %s ORDER BY shipped_at DESC, reference OFFSET 7 LIMIT 7""".formatted(OSLO_OR_ROME));
        List<List<String>> shown = new ArrayList<>();
        for (JsonValue row : page.getJsonArray("rows")) {
            JsonObject r = row.asJsonObject();
            shown.add(List.of(r.getString("reference"), r.getString("destination"),
                    r.getJsonNumber("results").toString()));
        }
        assertEquals(expected, shown);
        assertEquals(Long.parseLong(sql("SELECT count(*) FROM reports.shipment_status WHERE " + OSLO_OR_ROME)
                .get(0).get(0)), page.getJsonNumber("matchingRows").longValue());
        assertEquals(List.of("destination:in:Oslo,Rome", "results:ge:1"),
                page.getJsonArray("filters").getValuesAs(v -> v.toString().replace("\"", "")));
        assertTrue(page.getString("sql").contains(
                        "WHERE \"destination\" IN (CAST(? AS text), CAST(? AS text))\n  AND \"results\" >= CAST(? AS"),
                page.getString("sql"));
        assertEquals("FRESH", page.getJsonObject("report").getString("state"));

        // Every row of a report without filters, counted from its last refresh.
        JsonObject all = ApiClient.json(api.get("reports/user_directory/rows?size=1000", "viewer")).asJsonObject();
        assertEquals(Long.parseLong(sql("SELECT count(*) FROM reports.user_directory").get(0).get(0)),
                all.getJsonNumber("matchingRows").longValue());
    }

    @Test
    void badRequestsAreClearErrorsWithTheRightStatus() throws Exception {
        assertError(api.get("reports/nope/rows", "viewer"), 404, "no report named nope");
        HttpResponse<String> column = api.get("reports/shipment_status/rows?sort=nope", "viewer");
        assertError(column, 400, "unknown column 'nope' in sort");
        assertTrue(ApiClient.json(column).asJsonObject().getJsonArray("details").toString().contains("\"reference\""));
        HttpResponse<String> operator = api.get("reports/shipment_status/rows?filter=" + encode("reference:gt:A"),
                "viewer");
        assertError(operator, 400, "operator 'gt' does not fit column reference (text)");
        assertTrue(ApiClient.json(operator).asJsonObject().getJsonArray("details").toString().contains("\"contains\""));
        assertError(api.get("reports/shipment_status/rows?filter=" + encode("results:eq:many"), "viewer"), 400,
                "'many' is not a whole number (column results)");
        assertError(api.get("reports/shipment_status/rows?filter=" + encode("shipped_at:ge:yesterday"), "viewer"),
                400, "'yesterday' is not a date or time");
        assertError(api.get("reports/shipment_status/rows?filter=" + encode("results:eq:1e999999999"), "viewer"),
                400, "'1e999999999' is not a whole number");
        assertError(api.get("reports/daily_uploads/rows?filter=" + encode("total_bytes:gt:1e-999999999"), "viewer"),
                400, "is not");
        assertError(api.get("reports/daily_uploads/rows?filter=" + encode("day:ge:+10000-01-01"), "viewer"),
                400, "is not a date");
        assertError(api.get("reports/shipment_status/rows?sort=-", "viewer"), 400, "a sort names a column");
        assertError(api.get("reports/shipment_status/rows?page=-1", "viewer"), 400, "page must be 0 or more");
        assertError(api.get("reports/shipment_status/rows?size=0", "viewer"), 400, "size must be from 1 to 1000");
        assertError(api.get("reports/shipment_status/rows?size=1001", "viewer"), 400, "size must be from 1 to 1000");
        assertError(api.get("reports/shipment_status/rows?page=abc", "viewer"), 400, "page must be a whole number");
        assertError(api.get("reports/shipment_status/export?format=pdf", "viewer"), 400, "format must be one of");
        assertEquals(403, api.get("reports/shipment_status/rows", "auditor").statusCode(), "rows are for viewers");
        assertEquals(403, api.get("reports/shipment_status/export?format=csv", "admin").statusCode());
        assertEquals(401, api.get("reports/shipment_status/rows", null, null).statusCode());
    }

    @Test
    void stringsMeantToInjectSqlAreTreatedAsDataEverywhere() throws Exception {
        long users = Long.parseLong(sql("SELECT count(*) FROM demo.users").get(0).get(0));
        String attack = "x'); DROP TABLE demo.users; --";
        HttpResponse<String> value = api.get("reports/shipment_status/rows?filter="
                + encode("reference:eq:" + attack) + "&filter=" + encode("destination:in:" + attack + ",Oslo"),
                "viewer");
        assertEquals(200, value.statusCode(), value.body());
        assertEquals(0, ApiClient.json(value).asJsonObject().getJsonNumber("matchingRows").longValue());
        assertError(api.get("reports/shipment_status/rows?sort=" + encode("reference;DROP TABLE demo.users"),
                "viewer"), 400, "unknown column");
        assertError(api.get("reports/shipment_status/rows?filter=" + encode("\"reference\":eq:x"), "viewer"), 400,
                "unknown column");
        assertEquals(404, api.get("reports/" + encode("shipment_status; DROP TABLE demo.users") + "/rows", "viewer")
                .statusCode());
        HttpResponse<byte[]> csv = api.getBytes("reports/shipment_status/export?format=csv&filter="
                + encode("reference:contains:" + attack + "%_"), "viewer");
        assertEquals(200, csv.statusCode());
        assertEquals(1, new String(csv.body(), StandardCharsets.UTF_8).lines().count(), "only the header");
        assertEquals(users, Long.parseLong(sql("SELECT count(*) FROM demo.users").get(0).get(0)));
    }

    @Test
    void aCsvExportIsTheWholeFilteredSortedReportAndIsRecorded() throws Exception {
        long before = Long.parseLong(sql("SELECT count(*) FROM app.report_exports").get(0).get(0));
        HttpResponse<byte[]> csv = api.getBytes("reports/shipment_status/export?format=csv&sort=" + encode("-results")
                + "&filter=" + encode("destination:in:Oslo,Rome") + "&filter=" + encode("results:ge:1"), "viewer");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String disposition = csv.headers().firstValue("Content-Disposition").orElse("");
        assertEquals("attachment; filename=\"shipment_status_" + lastRefreshStart("shipment_status",
                "YYYY-MM-DD_HH24MI\"Z\"") + ".csv\"", disposition, "the file is named by its data's as-of time");
        List<String> lines = new String(csv.body(), StandardCharsets.UTF_8).lines().toList();
        assertEquals("shipment_id,reference,destination,shipped_at,results,has_results,first_result_start,"
                + "last_result_end", lines.get(0));
        List<String> expected = sql("""
                SELECT shipment_id || ',' || reference FROM reports.shipment_status
                WHERE %s ORDER BY results DESC, shipment_id DESC""".formatted(OSLO_OR_ROME))
                .stream().map(r -> r.get(0)).toList();
        assertEquals(expected, lines.subList(1, lines.size()).stream()
                .map(line -> String.join(",", List.of(line.split(",")).subList(0, 2))).toList());
        List<List<String>> recorded = sql("""
                SELECT exported_by, view_name, format, array_to_string(filters, '|'), outcome, row_count::text,
                       to_char(data_as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
                FROM app.report_exports ORDER BY id DESC LIMIT 1""");
        assertEquals(List.of("viewer", "shipment_status", "CSV", "destination:in:Oslo,Rome|results:ge:1", "COMPLETED",
                String.valueOf(expected.size()), lastRefreshStart("shipment_status", "YYYY-MM-DD HH24:MI:SS.US")),
                recorded.get(0));
        assertEquals(before + 1, Long.parseLong(sql("SELECT count(*) FROM app.report_exports").get(0).get(0)));
    }

    @Test
    void anXlsxExportHasAnAboutSheetAndTypedCells() throws Exception {
        HttpResponse<byte[]> xlsx = api.getBytes("reports/daily_uploads/export?format=xlsx&sort=" + encode("-day")
                + "&filter=" + encode("uploads:ge:2"), "viewer");
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.headers().firstValue("Content-Disposition").orElse("").contains(".xlsx\""));
        List<List<String>> expected = sql("""
                SELECT day::text, uploads::text, total_bytes::text FROM reports.daily_uploads
                WHERE uploads >= 2 ORDER BY day DESC""");
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertEquals("About", workbook.getSheetName(0));
            Sheet about = workbook.getSheetAt(0);
            assertEquals("Uploads per day (daily_uploads)", about.getRow(0).getCell(1).getStringCellValue());
            assertEquals("Data as of", about.getRow(1).getCell(0).getStringCellValue());
            assertEquals(lastRefreshStart("daily_uploads", "YYYY-MM-DD HH24:MI:SS \"UTC\""),
                    about.getRow(1).getCell(1).getStringCellValue(), "as of the last successful refresh's start");
            assertEquals("uploads:ge:2", about.getRow(2).getCell(1).getStringCellValue());
            Sheet data = workbook.getSheet("Report");
            assertEquals("Day", data.getRow(0).getCell(0).getStringCellValue());
            assertEquals("Total bytes", data.getRow(0).getCell(2).getStringCellValue());
            assertEquals(expected.size(), data.getLastRowNum());
            for (int i = 0; i < expected.size(); i++) {
                Row row = data.getRow(i + 1);
                Cell day = row.getCell(0);
                assertEquals(CellType.NUMERIC, day.getCellType(), "a date is a date");
                assertEquals(expected.get(i).get(0), day.getLocalDateTimeCellValue().toLocalDate().toString());
                assertEquals(CellType.NUMERIC, row.getCell(1).getCellType(), "a number is a number");
                assertEquals(Long.parseLong(expected.get(i).get(1)), (long) row.getCell(1).getNumericCellValue());
                assertEquals(Long.parseLong(expected.get(i).get(2)), (long) row.getCell(2).getNumericCellValue());
            }
        }
    }

    @Test
    void anExportTheClientStopsReadingIsCancelledAndRecordedSo() throws Exception {
        sql("DROP MATERIALIZED VIEW IF EXISTS reports.it_big_export");
        sql("""
                CREATE MATERIALIZED VIEW reports.it_big_export AS
                SELECT g AS id, repeat(md5(g::text), 4) AS padding FROM generate_series(1, 500000) g""");
        sql("CREATE UNIQUE INDEX it_big_export_id ON reports.it_big_export (id)");
        try {
            HttpResponse<InputStream> export = api.open("reports/it_big_export/export?format=csv", "viewer");
            assertEquals(200, export.statusCode());
            try (InputStream body = export.body()) {
                assertTrue(body.readNBytes(64 * 1024).length == 64 * 1024, "the first bytes arrive at once");
            } // hangs up after 64 KiB of a file of some 70 MB
            Await.until("the COPY to be cancelled", Duration.ofSeconds(60), () -> sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE state = 'active' AND query LIKE 'COPY%it_big_export%'""").get(0).get(0).equals("0"));
            assertEquals("CANCELLED", Await.value("the export to be recorded", Duration.ofSeconds(60), () -> sql("""
                    SELECT outcome FROM app.report_exports WHERE view_name = 'it_big_export'"""),
                    rows -> !rows.isEmpty()).get(0).get(0));
        } finally {
            sql("DROP MATERIALIZED VIEW reports.it_big_export");
        }
    }

    /**
     * Clients that hang up in the middle of a CSV export leave nothing behind: the export right after each, of the
     * same report, and a page read are whole, and the application's sessions are idle again afterwards (a cancelled
     * COPY used to leave its connection half-read, and the pool gave it to the next request: 503 in 3 of 5 rounds).
     */
    @Test
    void exportsRightAfterAClientHungUpAreWholeAndNoSessionIsLeftBusy() throws Exception {
        sql("DROP MATERIALIZED VIEW IF EXISTS reports.it_hang_up");
        sql("""
                CREATE MATERIALIZED VIEW reports.it_hang_up AS
                SELECT g AS id, md5(g::text) AS padding FROM generate_series(1, 150000) g""");
        sql("CREATE UNIQUE INDEX it_hang_up_id ON reports.it_hang_up (id)");
        int sessionsBefore = applicationSessions();
        try {
            String csv = "reports/it_hang_up/export?format=csv";
            for (int round = 1; round <= 20; round++) {
                assertEquals("HTTP/1.1 200 OK", api.hangUpAfter(csv, "viewer", 4096));
                HttpResponse<byte[]> whole = api.getBytes(csv, "viewer");
                assertEquals(200, whole.statusCode(), "round " + round + ": " + new String(whole.body(),
                        StandardCharsets.UTF_8).substring(0, Math.min(200, whole.body().length)));
                String text = new String(whole.body(), StandardCharsets.UTF_8);
                assertEquals(150_001, text.lines().count(), "round " + round + ": a header and every row");
                assertTrue(text.endsWith("150000," + md5("150000") + "\n"), "round " + round + ": ends whole");
                HttpResponse<String> page = api.get("reports/it_hang_up/rows?size=5&sort=-id", "viewer");
                assertEquals(200, page.statusCode(), "round " + round + ": " + page.body());
            }
            Await.until("the application's sessions to be idle", Duration.ofSeconds(30), () -> sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE application_name = 'mv-reports' AND state <> 'idle'""").get(0).get(0).equals("0"));
            // A connection left behind per round would be 20 more; the pool growing by a few while the server's
            // timers (alerts, the reports' watch, gauges) use it at the same time is no leak.
            assertTrue(applicationSessions() <= sessionsBefore + 10, "no connection was left behind: "
                    + applicationSessions() + " sessions, " + sessionsBefore + " before");
            assertEquals(List.of(List.of("CANCELLED", "20"), List.of("COMPLETED", "20")), sql("""
                    SELECT outcome, count(*) FROM app.report_exports WHERE view_name = 'it_hang_up'
                    GROUP BY outcome ORDER BY outcome"""));
        } finally {
            sql("DROP MATERIALIZED VIEW reports.it_hang_up");
        }
    }

    private static int applicationSessions() throws SQLException {
        return Integer.parseInt(sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'mv-reports'")
                .get(0).get(0));
    }

    private static String md5(String text) throws SQLException {
        return sql("SELECT md5('" + text + "')").get(0).get(0);
    }

    @Test
    void aPlainlyRefreshedReportThatIsBusyAnswers503WithRetryAfterInsteadOfHanging() throws Exception {
        sql("DROP MATERIALIZED VIEW IF EXISTS reports.it_plain");
        sql("CREATE MATERIALIZED VIEW reports.it_plain AS SELECT g AS id FROM generate_series(1, 5) g");
        try (Connection refresh = TestStack.database(); Statement statement = refresh.createStatement()) {
            refresh.setAutoCommit(false);
            // A plain refresh, not committed yet: it holds the view's ACCESS EXCLUSIVE lock until it commits.
            statement.execute("REFRESH MATERIALIZED VIEW reports.it_plain");
            Instant asked = Instant.now();
            HttpResponse<String> busy = api.get("reports/it_plain/rows", "viewer");
            assertError(busy, 503, "is being refreshed right now");
            assertEquals("5", busy.headers().firstValue("Retry-After").orElse(""));
            assertTrue(Duration.between(asked, Instant.now()).toSeconds() < 30, "answered, never hung");
            refresh.rollback();
        } finally {
            sql("DROP MATERIALIZED VIEW reports.it_plain");
        }
    }

    private static JsonObject column(JsonArray columns, String name) {
        return columns.stream().map(JsonValue::asJsonObject).filter(c -> c.getString("name").equals(name))
                .findFirst().orElseThrow();
    }

    private static void assertError(HttpResponse<String> response, int status, String messageStart) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String error = ApiClient.json(response).asJsonObject().getString("error");
        assertTrue(error.contains(messageStart), error);
        assertFalse(response.body().contains("Exception"), response.body());
    }

    /** Rows of an independent query, each column as text; or runs a statement. */
    private static List<List<String>> sql(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            if (!statement.execute(sql)) {
                return rows;
            }
            try (ResultSet rs = statement.getResultSet()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * When the last successful refresh of a report started (its data's as-of time), read from the refresh log
     * directly, in PostgreSQL's {@code to_char} format.
     */
    private static String lastRefreshStart(String view, String format) throws SQLException {
        return sql("""
                SELECT to_char(started_at AT TIME ZONE 'UTC', '%s') FROM app.refresh_log
                WHERE view_schema = 'reports' AND view_name = '%s' AND outcome = 'SUCCEEDED'
                ORDER BY finished_at DESC, id DESC LIMIT 1""".formatted(format, view)).get(0).get(0);
    }

}
