package org.mvreports.report.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * A COPY of {@code rows} rows that, once cancelled, hands over {@code inFlight} more (they were under way) and
     * then ends as PostgreSQL ends a cancelled statement.
     */
    private static final class FakeCopy implements ReportExporter.CopySource {
        final int rows;
        final int inFlight;
        final boolean cancelFails;
        int read;
        int cancels;
        int afterCancel;
        boolean ended;

        FakeCopy(int rows, int inFlight, boolean cancelFails) {
            this.rows = rows;
            this.inFlight = inFlight;
            this.cancelFails = cancelFails;
        }

        @Override
        public byte[] read() throws SQLException {
            if (ended) {
                throw new IllegalStateException("read after the COPY ended");
            }
            if (cancels > 0 && !cancelFails && afterCancel++ == inFlight) {
                ended = true;
                throw new SQLException("canceling statement due to user request", "57014");
            }
            if (read == rows) {
                ended = true;
                return null;
            }
            read++;
            return (read + "\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public long rows() {
            return read;
        }

        @Override
        public void cancel() throws SQLException {
            cancels++;
            if (cancelFails) {
                throw new SQLException("could not send the cancel request", "08001");
            }
        }
    }

    /** A client that hangs up after {@code bytes} bytes. */
    private static OutputStream hangingUpAfter(int bytes) {
        return new OutputStream() {
            int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > bytes) {
                    throw new IOException("Connection reset by peer");
                }
            }
        };
    }

    @Test
    void aClientThatHangsUpHasTheCopyCancelledAndItsEndAwaited() {
        FakeCopy copy = new FakeCopy(1000, 5, false);
        IOException gone = assertThrows(IOException.class, () -> ReportExporter.copy(copy, hangingUpAfter(20)));
        assertEquals("Connection reset by peer", gone.getMessage());
        assertEquals(1, copy.cancels, "cancelled once");
        assertTrue(copy.ended, "read until the server said it ended, so nothing of it is left on the connection");
        assertTrue(copy.read < 100, "not read to its end: cancelled, " + copy.read + " rows read");
        assertEquals(0, gone.getSuppressed().length, "the cancel's own 57014 is the expected ending");
    }

    @Test
    void aCopyThatEndsBeforeItsCancelArrivesIsReadToItsEnd() {
        FakeCopy copy = new FakeCopy(30, Integer.MAX_VALUE, false);
        assertThrows(IOException.class, () -> ReportExporter.copy(copy, hangingUpAfter(20)));
        assertTrue(copy.ended);
        assertEquals(30, copy.read);
    }

    @Test
    void aCopyThatDoesNotStopInTimeGivesItsConnectionUp() {
        FakeCopy copy = new FakeCopy(Integer.MAX_VALUE, 0, true); // the cancel never arrives: it would run for ever
        SQLException givenUp = assertThrows(SQLException.class,
                () -> ReportExporter.copy(copy, hangingUpAfter(20), java.time.Duration.ZERO));
        assertEquals(ReportExporter.CONNECTION_GIVEN_UP, givenUp.getSQLState(), "so the pool destroys it");
        assertEquals("Connection reset by peer", givenUp.getSuppressed()[0].getMessage());
    }

    @Test
    void aCancelThatCannotBeSentStillLeavesTheConnectionAtTheCopysEnd() {
        FakeCopy copy = new FakeCopy(500, 0, true);
        IOException gone = assertThrows(IOException.class, () -> ReportExporter.copy(copy, hangingUpAfter(20)));
        assertTrue(copy.ended);
        assertEquals(500, copy.read, "the rest was read and dropped");
        assertEquals("08001", ((SQLException) gone.getSuppressed()[0]).getSQLState());
    }
}
