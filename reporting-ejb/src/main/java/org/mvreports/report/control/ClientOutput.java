package org.mvreports.report.control;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The response stream an export writes into, with every failure to write reported as an {@link IOException} of its
 * own: the server's stream may fail with an unchecked exception when the client has gone away, and the JDBC driver
 * ends a COPY (cancels it) only when writing fails with an IOException; and a failure to write to the client can be
 * told from a failure to read (POI reports both as IOExceptions), so that an export is recorded as cancelled only
 * when the client went away ({@link #clientWentAway}).
 */
public final class ClientOutput extends FilterOutputStream {

    /** Writing to the client failed: it hung up or stopped reading. */
    static final class ClientGoneException extends IOException {
        ClientGoneException(Throwable cause) {
            super("the client stopped reading", cause);
        }
    }

    /** Whether {@code failure} (or a cause of it) is a failure to write to the client. */
    public static boolean clientWentAway(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientGoneException) {
                return true;
            }
        }
        return false;
    }

    /** Bytes handed to the client so far. */
    private long delivered;

    ClientOutput(OutputStream out) {
        super(out);
    }

    /** {@code out} as a client's output: itself when it is one already (the caller counts what it delivers). */
    public static ClientOutput of(OutputStream out) {
        return out instanceof ClientOutput client ? client : new ClientOutput(out);
    }

    /** How many bytes have been handed to the client: once there are any, the response has begun. */
    public long delivered() {
        return delivered;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
            delivered++;
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
            delivered += length;
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }
}
