package org.mvreports.report.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

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

    public static Optional<FilterOperator> ofApiName(String name) {
        return Arrays.stream(values()).filter(op -> op.apiName().equals(name)).findFirst();
    }
}
