package org.mvreports.report.control;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The response stream an export writes into, with every failure to write reported as an {@link IOException}: the
 * server's stream may fail with an unchecked exception when the client has gone away, and the JDBC driver ends a COPY
 * cleanly (cancels it and reads what the server still sends) only when writing fails with an IOException; otherwise
 * the connection would go back to the pool in the middle of a COPY.
 */
final class ClientOutput extends FilterOutputStream {

    ClientOutput(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (RuntimeException e) {
            throw new IOException("the client stopped reading", e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (RuntimeException e) {
            throw new IOException("the client stopped reading", e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (RuntimeException e) {
            throw new IOException("the client stopped reading", e);
        }
    }
}
