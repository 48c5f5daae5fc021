package org.mvreports.report.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mvreports.report.control.ReportQuery.Parameter;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.RowsRequest;

class ReportQueryTest {

    private static final List<ReportColumn> COLUMNS = List.of(
            ReportColumn.of("day", "date"),
            ReportColumn.of("destination", "text"),
            ReportColumn.of("uploads", "bigint"),
            ReportColumn.of("share", "numeric(5,2)"),
            ReportColumn.of("approved", "boolean"),
            ReportColumn.of("at", "timestamp with time zone"));

    private static final ReportQuery QUERY = new ReportQuery("\"reports\".\"daily\"", COLUMNS, List.of("day"));

    private static RowsRequest request(List<String> sort, List<String> filters, int page, int size) {
        return RowsRequests.read(COLUMNS, sort, filters, page, size);
    }

    @Test
    void aPageIsReadableSqlWithEveryValueBoundAndCastToItsColumnsType() {
        ReportQuery.Statement page = QUERY.page(request(List.of("-uploads,destination"),
                List.of("uploads:ge:1e2", "destination:contains:50%_off", "day:lt:2024-02-01", "approved:eq:TRUE"),
                2, 25));
        assertEquals("""
                SELECT "day", "destination", "uploads", "share", "approved", "at"
                FROM "reports"."daily"
                WHERE "uploads" >= CAST(? AS bigint)
                  AND "destination" ILIKE ? ESCAPE '\\'
                  AND "day" < CAST(? AS date)
                  AND "approved" = CAST(? AS boolean)
                ORDER BY "uploads" DESC, "destination" ASC, "day" ASC
                LIMIT CAST(? AS bigint)
                OFFSET CAST(? AS bigint)""", page.sql());
        assertEquals(List.of(new Parameter("100", "bigint"), new Parameter("%50\\%\\_off%", null),
                new Parameter("2024-02-01", "date"), new Parameter("true", "boolean"),
                new Parameter("25", "bigint"), new Parameter("50", "bigint")), page.parameters());
    }

    @Test
    void withoutASortTheUniqueKeyOrdersAndInListsAndNullTestsWork() {
        ReportQuery.Statement all = QUERY.all(request(List.of(),
                List.of("destination:in:Oslo,Rome\\, Italy", "share:isnull", "at:ge:2024-01-01 10:00"), 0, 50));
        assertTrue(all.sql().endsWith("""
                WHERE "destination" IN (CAST(? AS text), CAST(? AS text))
                  AND "share" IS NULL
                  AND "at" >= CAST(? AS timestamp with time zone)
                ORDER BY "day" ASC"""), all.sql());
        assertEquals(List.of(new Parameter("Oslo", "text"), new Parameter("Rome, Italy", "text"),
                new Parameter("2024-01-01T10:00Z", "timestamp with time zone")), all.parameters());
    }

    @Test
    void theCountStopsAtItsCap() {
        ReportQuery.Statement count = QUERY.count(request(List.of(), List.of("uploads:gt:5"), 0, 50).filters(), 1000);
        assertEquals("""
                SELECT count(*)
                FROM (SELECT 1
                      FROM "reports"."daily"
                      WHERE "uploads" > CAST(? AS bigint)
                      LIMIT CAST(? AS bigint)) AS matching""", count.sql());
        assertEquals(List.of(new Parameter("5", "bigint"), new Parameter("1000", "bigint")), count.parameters());
    }

    @Test
    void literalsFromTheServerTakeThePlaceholdersOnlyOutsideIdentifiers() {
        ReportQuery odd = new ReportQuery("\"reports\".\"why?\"", List.of(ReportColumn.of("a?b", "text")),
                List.of("a?b"));
        ReportQuery.Statement all = odd.all(RowsRequests.read(odd(), List.of(), List.of("a?b:eq:x'y"), 0, 10));
        assertEquals("""
                SELECT "a?b"
                FROM "reports"."why?"
                WHERE "a?b" = CAST('x''y' AS text)
                ORDER BY "a?b" ASC""", ReportQuery.withLiterals(all, List.of("'x''y'")));
        assertThrows(IllegalArgumentException.class, () -> ReportQuery.withLiterals(all, List.of()));
    }

    private static List<ReportColumn> odd() {
        return List.of(ReportColumn.of("a?b", "text"));
    }

    @Test
    void theKeyFollowsTheLastSortColumnsDirectionSoThatAUniformSortCanStartAtAnAnchor() {
        RowsRequest descending = request(List.of("-uploads"), List.of("uploads:gt:5"), 40, 50);
        assertTrue(QUERY.page(descending).sql().endsWith("""
                ORDER BY "uploads" DESC, "day" DESC
                LIMIT CAST(? AS bigint)
                OFFSET CAST(? AS bigint)"""));
        assertTrue(QUERY.anchorable());
        assertFalse(new ReportQuery("\"reports\".\"daily\"", COLUMNS, List.of()).anchorable(),
                "without a unique key, rows before an anchor may compare equal to it");

        ReportQuery.Statement anchors = QUERY.anchors(descending.sort(), descending.filters(), 1000);
        assertEquals("""
                SELECT position, "uploads", "day"
                FROM (SELECT row_number() OVER (ORDER BY "uploads" DESC, "day" DESC) - 1 AS position,
                             CAST("uploads" AS text) AS "uploads",
                             CAST("day" AS text) AS "day"
                      FROM "reports"."daily"
                      WHERE "uploads" > CAST(? AS bigint)) AS numbered
                WHERE position > 0
                  AND position % CAST(? AS bigint) = 0
                ORDER BY position""", anchors.sql());
        assertEquals(List.of(new Parameter("5", "bigint"), new Parameter("1000", "bigint")), anchors.parameters());

        ReportQuery.Statement page = QUERY.pageFrom(descending, List.of("17", "2024-03-01"), List.of(false, false),
                250);
        assertEquals("""
                SELECT "day", "destination", "uploads", "share", "approved", "at"
                FROM "reports"."daily"
                WHERE "uploads" > CAST(? AS bigint)
                  AND ("uploads", "day") <= (CAST(? AS bigint), CAST(? AS date))
                ORDER BY "uploads" DESC, "day" DESC
                LIMIT CAST(? AS bigint)
                OFFSET CAST(? AS bigint)""", page.sql());
        assertEquals(List.of(new Parameter("5", "bigint"), new Parameter("17", "bigint"),
                new Parameter("2024-03-01", "date"), new Parameter("50", "bigint"), new Parameter("250", "bigint")),
                page.parameters());
        assertThrows(IllegalArgumentException.class,
                () -> QUERY.pageFrom(descending, List.of("17"), List.of(false), 0));

        ReportQuery.Statement nulls = QUERY.nullsInOrder(descending.sort(), descending.filters());
        assertEquals("""
                SELECT coalesce(bool_or("uploads" IS NULL), false),
                       coalesce(bool_or("day" IS NULL), false)
                FROM "reports"."daily"
                WHERE "uploads" > CAST(? AS bigint)""", nulls.sql());
        assertEquals(List.of(new Parameter("5", "bigint")), nulls.parameters());
    }

    @Test
    void mixedDirectionsStartAtAnAnchorWithTheFirstRunsBoundForTheIndex() {
        RowsRequest mixed = request(List.of("destination,-uploads"), List.of(), 40, 50);
        ReportQuery.Statement page = QUERY.pageFrom(mixed, List.of("Oslo", "17", "2024-03-01"),
                List.of(false, false, false), 250);
        assertTrue(page.sql().contains("""
                WHERE "destination" >= CAST(? AS text)
                  AND ("destination" > CAST(? AS text) OR ("destination" = CAST(? AS text) AND ("uploads", "day") <= \
                (CAST(? AS bigint), CAST(? AS date))))
                ORDER BY "destination" ASC, "uploads" DESC, "day" DESC"""), page.sql());
        assertEquals(List.of("Oslo", "Oslo", "Oslo", "17", "2024-03-01", "50", "250"),
                page.parameters().stream().map(Parameter::value).toList());
    }

    @Test
    void nullsAreLastAscendingAndFirstDescendingAsPostgresqlSortsThem() {
        RowsRequest ascending = request(List.of("destination"), List.of(), 40, 50);
        // An anchor in the nulls, ascending: only the nulls are at or after it, ordered by the key.
        assertTrue(QUERY.pageFrom(ascending, Arrays.asList(null, "2024-03-01"), List.of(true, false), 0).sql()
                .contains("""
                WHERE "destination" IS NULL
                  AND "destination" IS NULL AND "day" >= CAST(? AS date)"""));
        // A value, ascending: greater ones, then the nulls after them.
        assertTrue(QUERY.pageFrom(ascending, List.of("Oslo", "2024-03-01"), List.of(true, false), 0).sql()
                .contains("""
                WHERE ("destination" >= CAST(? AS text) OR "destination" IS NULL)
                  AND (("destination" > CAST(? AS text) OR "destination" IS NULL) OR ("destination" = CAST(? AS text) \
                AND "day" >= CAST(? AS date)))"""));
        RowsRequest descending = request(List.of("-destination"), List.of(), 40, 50);
        // An anchor in the nulls, descending: they come first, so every value is after them.
        assertTrue(QUERY.pageFrom(descending, Arrays.asList(null, "2024-03-01"), List.of(true, false), 0).sql()
                .contains("""
                WHERE ("destination" IS NOT NULL OR ("destination" IS NULL AND "day" <= CAST(? AS date)))"""));
        // A value, descending: smaller ones only (the nulls were before it).
        assertTrue(QUERY.pageFrom(descending, List.of("Oslo", "2024-03-01"), List.of(true, false), 0).sql()
                .contains("""
                WHERE "destination" <= CAST(? AS text)
                  AND ("destination" < CAST(? AS text) OR ("destination" = CAST(? AS text) AND "day" <= \
                CAST(? AS date)))"""));
    }

    @Test
    void totalsSumNumberColumnsOverTheFilteredRows() {
        ReportQuery.Statement totals = QUERY.totals(request(List.of(), List.of("day:ge:2024-01-01"), 0, 50).filters(),
                List.of("uploads", "share"));
        assertEquals("""
                SELECT sum("uploads") AS "uploads", sum("share") AS "share"
                FROM "reports"."daily"
                WHERE "day" >= CAST(? AS date)""", totals.sql());
        assertEquals(List.of(new Parameter("2024-01-01", "date")), totals.parameters());
        assertThrows(IllegalArgumentException.class, () -> QUERY.totals(List.of(), List.of("destination")));
        assertThrows(IllegalArgumentException.class, () -> QUERY.totals(List.of(), List.of()));
    }

    @Test
    void valuesAreCastToTheColumnsTypeWithoutItsModifiers() {
        assertEquals("numeric", ReportColumn.of("a", "numeric(10,2)").castType());
        assertEquals("timestamp with time zone", ReportColumn.of("a", "timestamp(3) with time zone").castType());
        assertEquals("character varying", ReportColumn.of("a", "character varying(20)").castType());
        assertEquals("bpchar", ReportColumn.of("a", "character(10)").castType(), "character alone means length 1");
        assertEquals("bit varying[]", ReportColumn.of("a", "bit(8)[]").castType());
        assertEquals("citext", ReportColumn.of("a", "citext").castType());
        ReportQuery.Statement page = new ReportQuery("\"r\".\"v\"", List.of(ReportColumn.of("amount", "numeric(10,2)")),
                List.of("amount")).page(RowsRequests.read(List.of(ReportColumn.of("amount", "numeric(10,2)")),
                List.of(), List.of("amount:gt:1.005"), 0, 10));
        assertTrue(page.sql().contains("WHERE \"amount\" > CAST(? AS numeric)"), page.sql());
    }

    @Test
    void parametersReadAsInPsql() {
        assertEquals("'it''s'", new Parameter("it's", null).forPeople());
        assertEquals("'2024-01-01'::date", new Parameter("2024-01-01", "date").forPeople());
    }
}
