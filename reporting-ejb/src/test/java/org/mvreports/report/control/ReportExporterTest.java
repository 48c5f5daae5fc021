package org.mvreports.report.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ReportExporterTest {

    private static final String HEADER = "id,name\n";

    private final ByteArrayOutputStream response = new ByteArrayOutputStream();
    private final ClientOutput delivered = new ClientOutput(response);
    /** A small buffer, so that the first rows reach the response before the failure, as a big export's do. */
    private final OutputStream client = new BufferedOutputStream(delivered, 16);

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDatabaseFailureAfterTheResponseBeganEndsTheFileWithAnIncompleteLine() {
        SQLException failure = assertThrows(SQLException.class, () -> ReportExporter.copyMarkingFailure(out -> {
            write(out, HEADER);
            write(out, "1,Ada Lovelace\n");
            write(out, "2,Alan Turing\n");
            throw new SQLException("Database connection failed when reading from copy", "08006");
        }, client, delivered));
        assertEquals("08006", failure.getSQLState(), "the failure still reaches the caller, to be recorded");
        assertEquals(HEADER + "1,Ada Lovelace\n2,Alan Turing\n" + ReportExporter.INCOMPLETE_LINE,
                response.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDatabaseFailureBeforeAnythingReachedTheClientSendsNothing() {
        assertThrows(SQLException.class, () -> ReportExporter.copyMarkingFailure(out -> {
            write(out, "id\n"); // still in the buffer
            throw new SQLException("canceling statement due to lock timeout", "55P03");
        }, client, delivered));
        assertEquals("", response.toString(StandardCharsets.UTF_8), "the caller can still answer with a status");
    }

    @Test
    void aWholeCopyHasNoIncompleteLine() throws Exception {
        assertEquals(2, ReportExporter.copyMarkingFailure(out -> {
            write(out, HEADER + "1,Ada Lovelace\n2,Alan Turing\n");
            return 2;
        }, client, delivered));
        client.flush();
        assertEquals(HEADER + "1,Ada Lovelace\n2,Alan Turing\n", response.toString(StandardCharsets.UTF_8));
    }
}
