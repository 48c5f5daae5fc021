package org.mvreports.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.mvreports.definition.entity.ColumnFormat;
import org.mvreports.definition.entity.ColumnKind;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.web.Formats;
import org.mvreports.web.ReaderZone;

/**
 * How a report table shows a value, the same in every table ({@code <mvr:reportTable>}): numbers right-aligned, as
 * their column's format says ({@link org.mvreports.report.entity.NumberFormats}: one number of decimals per column,
 * grouping but for years, keys and codes, percentages), dates in ISO form, points in time in ISO form in the reader's
 * zone (named), times without a zone as they are stored, yes or no for booleans, nothing for a null.
 */
@Named
@ApplicationScoped
public class ReportCells {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Inject
    ReaderZone readerZone;

    /** A value of {@code column} as people read it. */
    public String format(Object value, ReportColumn column) {
        if (value instanceof BigDecimal number && column != null && column.format() != null) {
            return number(number, column.format());
        }
        return format(value);
    }

    /** A value as people read it (a number with grouping and no needless zeros). */
    public String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal number) {
            return grouped(number);
        }
        if (value instanceof OffsetDateTime time) {
            return Formats.timestamp(time.toInstant(), readerZone.zone());
        }
        if (value instanceof LocalDateTime time) {
            return TIME.format(time);
        }
        if (value instanceof Boolean yes) {
            return yes ? "Yes" : "No";
        }
        return value.toString();
    }

    /** Cells are kept on one line and cut at {@value #SHOWN_CHARACTERS} or so characters; longer text in full. */
    static final int SHOWN_CHARACTERS = 40;

    /** The whole value, for a cell whose text is too long to show in full (its tooltip); null otherwise. */
    public String longText(Object value, ReportColumn column) {
        String text = format(value, column);
        return text.length() > SHOWN_CHARACTERS ? text : null;
    }

    /**
     * A column's cell in the totals row: its total where it has one, "Total" in the first column otherwise, nothing
     * else.
     */
    public String total(Map<String, ?> totals, ReportColumn column, int index) {
        if (totals.containsKey(column.name())) {
            return format(totals.get(column.name()), column);
        }
        return index == 0 ? "Total" : "";
    }

    /** The cells' class of a column: numbers right-aligned. */
    public String alignment(ReportColumn column) {
        return column.kind() == ColumnKind.NUMBER ? "number" : "";
    }

    /**
     * A number as its column's format says: {@code 144,659.20} (decimals), {@code 1997} (plain), {@code 12.5%}
     * (percent); rounded half up, as people round.
     */
    static String number(BigDecimal number, ColumnFormat format) {
        int decimals = format.decimals() == null ? 0 : format.decimals();
        String fraction = decimals == 0 ? "" : "." + "0".repeat(decimals);
        DecimalFormat pattern = new DecimalFormat(switch (format.style()) {
            case DECIMALS -> "#,##0" + fraction;
            case PLAIN -> "0" + fraction;
            case PERCENT -> "#,##0" + fraction + "%";
        }, DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        pattern.setRoundingMode(RoundingMode.HALF_UP);
        return pattern.format(number);
    }

    /** A number with thousands separators and no needless zeros: 1,234,567.5. */
    public static String grouped(BigDecimal number) {
        return new DecimalFormat("#,##0.##########", DecimalFormatSymbols.getInstance(Locale.ENGLISH)).format(number);
    }
}
