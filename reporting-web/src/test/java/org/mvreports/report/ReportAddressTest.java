package org.mvreports.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportAddressTest {

    private static final ReportAddress UPLOADS = new ReportAddress("daily_uploads", List.of("-uploads", "day"),
            List.of("uploads:ge:2", "day:lt:2026-01-01"), 3, 100);

    @Test
    void readsWhatTheAddressHolds() {
        assertEquals(UPLOADS, ReportAddress.of(Map.of("name", new String[] {"daily_uploads"},
                "sort", new String[] {"-uploads,day"}, "filter", new String[] {"uploads:ge:2", "day:lt:2026-01-01"},
                "page", new String[] {"3"}, "size", new String[] {"100"})));
    }

    @Test
    void anAddressWithoutSortPageOrSizeOrWithNonsenseInThemGetsTheDefaults() {
        assertEquals(new ReportAddress("x", List.of(), List.of(), 0, 50),
                ReportAddress.of(Map.of("name", new String[] {"x"})));
        assertEquals(new ReportAddress("x", List.of(), List.of(), 0, 50), ReportAddress.of(Map.of(
                "name", new String[] {"x"}, "sort", new String[] {" , "}, "page", new String[] {"-1"},
                "size", new String[] {"lots"})));
    }

    @Test
    void writesItselfBackEncodedLeavingOutDefaults() {
        assertEquals("/reports/report.xhtml?name=daily_uploads&sort=-uploads%2Cday&filter=uploads%3Age%3A2"
                + "&filter=day%3Alt%3A2026-01-01&page=3&size=100", UPLOADS.path());
        assertEquals("/reports/report.xhtml?name=daily_uploads", UPLOADS.plain().path());
        assertEquals(UPLOADS, ReportAddress.of(parameters(UPLOADS.path())), "the address reads back as itself");
    }

    @Test
    void filtersChangeFromTheFirstPageAndTheExportCarriesSortAndFilters() {
        assertEquals(new ReportAddress("daily_uploads", List.of("-uploads", "day"), List.of("day:lt:2026-01-01"), 0,
                100), UPLOADS.without("uploads:ge:2"));
        assertEquals("/api/reports/daily_uploads/export?format=csv&sort=-uploads%2Cday&filter=uploads%3Age%3A2"
                + "&filter=day%3Alt%3A2026-01-01", UPLOADS.exportPath("csv"));
        assertEquals(new ReportAddress("daily_uploads", List.of("day"), UPLOADS.filters(), 7, 25),
                UPLOADS.at(List.of("day"), 7, 25));
    }

    @Test
    void aRecordsPageHasAnAddressOfTheSameKindAtAPlaceOfItsOwn() {
        ReportAddress.Place history = new ReportAddress.Place("/history/", null, "/api/refresh-log");
        assertEquals("/history/", ReportAddress.of(history, Map.of()).path(), "the plain page: no parameters");
        ReportAddress failed = ReportAddress.of(history, Map.of("filter", new String[] {"outcome:eq:FAILED"},
                "page", new String[] {"2"}));
        assertEquals("/history/?filter=outcome%3Aeq%3AFAILED&page=2", failed.path());
        assertEquals(failed, ReportAddress.of(history, parameters(failed.path())), "reads back as itself");
        assertEquals("/api/refresh-log?format=xlsx&filter=outcome%3Aeq%3AFAILED", failed.exportPath("xlsx"));
        assertEquals("/history/", failed.plain().path(), "plain keeps its place");
    }

    private static Map<String, String[]> parameters(String path) {
        Map<String, List<String>> values = new java.util.LinkedHashMap<>();
        for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            values.computeIfAbsent(kv[0], k -> new java.util.ArrayList<>())
                    .add(java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        Map<String, String[]> parameters = new java.util.HashMap<>();
        values.forEach((k, v) -> parameters.put(k, v.toArray(String[]::new)));
        return parameters;
    }
}
