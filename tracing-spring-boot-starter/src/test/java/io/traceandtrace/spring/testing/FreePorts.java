package io.traceandtrace.spring.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for test servers, and ports nothing listens on. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port free now (nothing listens on it once this returns). */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
