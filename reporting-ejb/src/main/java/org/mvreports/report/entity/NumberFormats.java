package org.mvreports.report.entity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mvreports.definition.entity.ColumnFormat;
import org.mvreports.definition.entity.ColumnKind;
import org.mvreports.definition.entity.BrowsableRelation;
import org.mvreports.definition.entity.MaterializedView;

/**
 * How each number column of a report is shown to people, one way for the whole column, as readers expect:
 * <ul>
 *   <li>what the report's {@code format:} line says, when it names the column;</li>
 *   <li>else a declared scale is always shown: {@code numeric(15,2)} gives 144,659.20;</li>
 *   <li>a number without a declared scale ({@code numeric}, {@code real}, {@code double precision}) gets the largest
 *       number of decimals any of its values has, at most {@value #MEASURED_SCALE_LIMIT}, measured once per version
 *       of the report's data: 29,770.173 above 255,322.000;</li>
 *   <li>whole numbers get no decimals, and those named like a year, a key, an id or a code
 *       ({@code order_year}, {@code customer_id}, {@code region_key}, {@code postcode}) no thousands separator:
 *       1997, not 1,997.</li>
 * </ul>
 * A {@code plain} line keeps the column's decimals; a {@code percent} line shows {@value #PERCENT_DECIMALS} decimal.
 * Exports keep the raw values (an XLSX cell gets the number format, its value stays the number).
 */
public final class NumberFormats {

    /** The most decimals a column without a declared scale is shown with. */
    public static final int MEASURED_SCALE_LIMIT = 4;

    /** Decimals of a percentage: 12.5%. */
    public static final int PERCENT_DECIMALS = 1;

    private static final Pattern DECLARED_SCALE = Pattern.compile("^numeric\\(\\d+,\\s*(-?\\d+)\\)$");

    private static final Pattern PLAIN_NAME = Pattern.compile("(^|_)(id|key)$|year$|code$");

    private NumberFormats() {
    }

    /** The number columns of {@code view} whose decimals come from their values: they must be measured. */
    public static List<String> measured(BrowsableRelation view) {
        List<String> measured = new ArrayList<>();
        for (MaterializedView.Column column : view.columns()) {
            if (column.kind() == ColumnKind.NUMBER && !ColumnKind.integral(column.type())
                    && declaredScale(column.type()) == null) {
                ColumnFormat asked = view.metadata().formats().get(column.name());
                if (asked == null || asked.style() == ColumnFormat.Style.PLAIN) {
                    measured.add(column.name());
                }
            }
        }
        return measured;
    }

    /**
     * How each number column of {@code view} is shown, by column name.
     *
     * @param scales the largest scale of each column {@link #measured} names (null: it holds no finite number)
     */
    public static Map<String, ColumnFormat> of(BrowsableRelation view, Map<String, Integer> scales) {
        Map<String, ColumnFormat> formats = new LinkedHashMap<>();
        for (MaterializedView.Column column : view.columns()) {
            if (column.kind() != ColumnKind.NUMBER) {
                continue;
            }
            int decimals = decimals(column, scales.get(column.name()));
            ColumnFormat asked = view.metadata().formats().get(column.name());
            ColumnFormat shown;
            if (asked == null) {
                shown = ColumnKind.integral(column.type()) && PLAIN_NAME.matcher(column.name().toLowerCase(
                        Locale.ROOT)).find() ? new ColumnFormat(ColumnFormat.Style.PLAIN, 0)
                        : ColumnFormat.decimals(decimals);
            } else {
                shown = switch (asked.style()) {
                    case DECIMALS -> asked;
                    case PLAIN -> new ColumnFormat(ColumnFormat.Style.PLAIN, decimals);
                    case PERCENT -> new ColumnFormat(ColumnFormat.Style.PERCENT, PERCENT_DECIMALS);
                };
            }
            formats.put(column.name(), shown);
        }
        return formats;
    }

    /** The columns of {@code view}, each number column with its format. */
    public static List<ReportColumn> columns(BrowsableRelation view, Map<String, Integer> scales) {
        Map<String, ColumnFormat> formats = of(view, scales);
        return view.columns().stream()
                .map(c -> ReportColumn.of(c.name(), c.type()).shownAs(formats.get(c.name())))
                .toList();
    }

    private static int decimals(MaterializedView.Column column, Integer measured) {
        if (ColumnKind.integral(column.type())) {
            return 0;
        }
        Integer declared = declaredScale(column.type());
        if (declared != null) {
            return Math.max(0, declared);
        }
        return measured == null ? 0 : Math.max(0, Math.min(MEASURED_SCALE_LIMIT, measured));
    }

    private static Integer declaredScale(String type) {
        Matcher m = DECLARED_SCALE.matcher(type);
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }
}
