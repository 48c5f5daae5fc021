package org.mvreports.report.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mvreports.definition.entity.ColumnFormat;
import org.mvreports.definition.entity.MaterializedView;

class NumberFormatsTest {

    private static MaterializedView view(String comment, MaterializedView.Column... columns) {
        return MaterializedView.of(1, "reports", "orders", true, List.of(), comment, List.of(columns), List.of());
    }

    private static final MaterializedView.Column[] ORDERS = {
        new MaterializedView.Column("order_id", "bigint"),
        new MaterializedView.Column("order_year", "integer"),
        new MaterializedView.Column("postcode", "integer"),
        new MaterializedView.Column("region_key", "smallint"),
        new MaterializedView.Column("customers", "bigint"),
        new MaterializedView.Column("revenue", "numeric(15,2)"),
        new MaterializedView.Column("weight", "numeric"),
        new MaterializedView.Column("ratio", "double precision"),
        new MaterializedView.Column("region", "text"),
        new MaterializedView.Column("idle", "integer")};

    @Test
    void declaredScalesAlwaysShowWholeNumbersNoneAndYearsKeysIdsAndCodesNoGrouping() {
        MaterializedView orders = view(null, ORDERS);
        assertEquals(List.of("weight", "ratio"), NumberFormats.measured(orders));
        Map<String, ColumnFormat> formats = NumberFormats.of(orders, Map.of("weight", 3, "ratio", 9));
        ColumnFormat plain = new ColumnFormat(ColumnFormat.Style.PLAIN, 0);
        assertEquals(plain, formats.get("order_id"));
        assertEquals(plain, formats.get("order_year"));
        assertEquals(plain, formats.get("postcode"));
        assertEquals(plain, formats.get("region_key"));
        assertEquals(ColumnFormat.decimals(0), formats.get("customers"));
        assertEquals(ColumnFormat.decimals(0), formats.get("idle"), "'idle' ends in id, not _id");
        assertEquals(ColumnFormat.decimals(2), formats.get("revenue"));
        assertEquals(ColumnFormat.decimals(3), formats.get("weight"), "the largest scale of its values");
        assertEquals(ColumnFormat.decimals(4), formats.get("ratio"), "at most four");
        assertEquals(null, formats.get("region"));
        assertEquals(ColumnFormat.decimals(0), NumberFormats.of(orders, Map.of()).get("weight"),
                "no finite value: no decimals");
    }

    @Test
    void theFormatLineComesFirst() {
        MaterializedView orders = view("format: revenue=0, order_year=2, weight=plain, ratio=percent, customers=plain",
                ORDERS);
        assertEquals(List.of("weight"), NumberFormats.measured(orders), "a percentage or fixed decimals need no"
                + " measuring");
        Map<String, ColumnFormat> formats = NumberFormats.of(orders, Map.of("weight", 2));
        assertEquals(ColumnFormat.decimals(0), formats.get("revenue"));
        assertEquals(ColumnFormat.decimals(2), formats.get("order_year"));
        assertEquals(new ColumnFormat(ColumnFormat.Style.PLAIN, 2), formats.get("weight"));
        assertEquals(new ColumnFormat(ColumnFormat.Style.PERCENT, 1), formats.get("ratio"));
        assertEquals(new ColumnFormat(ColumnFormat.Style.PLAIN, 0), formats.get("customers"));
        assertEquals(ColumnFormat.decimals(0), NumberFormats.columns(orders, Map.of("weight", 2)).get(5).format());
    }
}
