package org.mvreports.report.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ReportReaderTest {

    @Test
    void numbersAreReadExactlyAndNonFiniteOnesAsText() {
        assertEquals(new BigDecimal("12345678901234567890.125"), ReportReader.number("12345678901234567890.125"));
        assertEquals(new BigDecimal("1e+30"), ReportReader.number("1e+30"));
        assertEquals(new BigDecimal("1.0E30"), ReportReader.number("1.0E30"));
        assertEquals("NaN", ReportReader.number("NaN"));
        assertEquals("-Infinity", ReportReader.number("-Infinity"));
        assertNull(ReportReader.number(null));
    }
}
