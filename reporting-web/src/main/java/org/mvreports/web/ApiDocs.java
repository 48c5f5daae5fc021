package org.mvreports.web;

/**
 * Names the API's OpenAPI description shares between {@link ReportingApi} (where the components are defined) and
 * the resources (which refer to them), so that a typo is a compile error, not a dangling reference.
 */
public final class ApiDocs {

    /** The HTTP Basic security scheme. */
    public static final String BASIC = "basic";

    public static final String REPORTS = "Reports";
    public static final String JOBS = "Refresh jobs";
    public static final String SCHEDULES = "Schedules";
    public static final String HISTORY = "History";
    public static final String CONSOLE = "Console";
    public static final String ALERTS = "Alerts";

    /** Shared error answers, as {@code components/responses} names. */
    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String UNAVAILABLE = "Unavailable";

    /** The parameters every table of rows takes, a report's or a record's. */
    public static final String SORT = "Sort keys, comma separated and repeatable: a column name for ascending,"
            + " -name for descending (e.g. -month,region); absent: the table's own order";
    public static final String FILTER = "column:operator[:value], repeatable (ANDed); operators eq ne lt le gt ge"
            + " contains startswith in (a comma-separated list; a comma within a value is written \\,) isnull"
            + " notnull, as each column's `operators` lists (e.g. region:eq:North, amount:ge:100)";
    public static final String PAGE = "Page number, from 0";
    public static final String SIZE = "Rows per page, 1 to 1000 (default 50)";

    /** Media types of the exports. */
    public static final String CSV = "text/csv";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private ApiDocs() {
    }
}
