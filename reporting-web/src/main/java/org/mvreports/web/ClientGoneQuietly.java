package org.mvreports.web;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.logging.Logger;

/**
 * Lets an answer whose client went away end quietly. A client that hangs up in the middle of a download is an
 * ordinary event (the export is recorded as cancelled); but JAX-RS flushes and closes the response after the body
 * was written, which fails again on the dead connection, and logs that as a severe error with a stack trace. Here
 * a failed write is passed on to the writer as it is, and the flush and close after it are skipped.
 */
@Provider
public class ClientGoneQuietly implements WriterInterceptor {

    private static final Logger LOG = Logger.getLogger(ClientGoneQuietly.class.getName());

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        context.setOutputStream(new Response(context.getOutputStream()));
        context.proceed();
    }

    /** The response body: once a write has failed, flushing and closing it do nothing. */
    private static final class Response extends FilterOutputStream {

        private boolean clientGone;

        Response(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                clientGone = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                clientGone = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            if (!clientGone) {
                try {
                    out.flush();
                } catch (IOException e) {
                    clientGone = true;
                    throw e;
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (clientGone) {
                LOG.fine("the client went away before its answer was complete");
                return;
            }
            out.close();
        }
    }
}
