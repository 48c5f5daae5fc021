package org.mvreports.definition.entity;

/**
 * How a number column is shown to people, from the report's {@code format:} line ({@code revenue=2},
 * {@code order_year=plain}, {@code share=percent}); exports keep the raw values.
 *
 * @param style    grouped with a fixed number of decimals, plain (no thousands separator), or a percentage
 * @param decimals for {@link Style#DECIMALS}, how many; else null (the column's own)
 */
public record ColumnFormat(Style style, Integer decimals) {

    /** The most decimals a {@code format:} line may ask for. */
    public static final int MAX_DECIMALS = 10;

    /** How the number is written. */
    public enum Style {
        /** With thousands separators and exactly {@code decimals} decimals: 144,659.20. */
        DECIMALS,
        /** Digits only, as a year, key or code is written: 1997. */
        PLAIN,
        /** Multiplied by 100, with a per cent sign: 0.125 → 12.5%. */
        PERCENT
    }

    public static ColumnFormat decimals(int decimals) {
        return new ColumnFormat(Style.DECIMALS, decimals);
    }

    public static final ColumnFormat PLAIN = new ColumnFormat(Style.PLAIN, null);
    public static final ColumnFormat PERCENT = new ColumnFormat(Style.PERCENT, null);
}
