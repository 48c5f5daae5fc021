package org.mvreports.report.entity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mvreports.definition.entity.ColumnKind;

/** How a filter compares a column with its value(s); the API names them in lower case ({@code ge}, {@code in}). */
public enum FilterOperator {
    EQ, NE, LT, LE, GT, GE, CONTAINS, STARTSWITH, IN, ISNULL, NOTNULL;

    /** The name used in URLs and the API. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it compares with a value (all but {@code isnull} and {@code notnull}). */
    public boolean takesValue() {
        return this != ISNULL && this != NOTNULL;
    }

    /** The filters that fit a column of {@code kind}. */
    public static Set<FilterOperator> fitting(ColumnKind kind) {
        return switch (kind) {
            case TEXT -> EnumSet.of(EQ, NE, CONTAINS, STARTSWITH, IN, ISNULL, NOTNULL);
            case NUMBER, DATE -> EnumSet.of(EQ, NE, LT, LE, GT, GE, IN, ISNULL, NOTNULL);
            case TIMESTAMP -> EnumSet.of(EQ, NE, LT, LE, GT, GE, ISNULL, NOTNULL);
            case BOOLEAN -> EnumSet.of(EQ, NE, ISNULL, NOTNULL);
            case OTHER -> EnumSet.of(ISNULL, NOTNULL);
        };
    }

    public static Optional<FilterOperator> ofApiName(String name) {
        return Arrays.stream(values()).filter(op -> op.apiName().equals(name)).findFirst();
    }
}
