package io.traceandtrace.core.export;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP transport of every HTTP exporter, against real servers on loopback sockets. */
class HttpTransportTest {

    @Test
    void retryAfterIsCappedInBothForms() {
        assertThat(HttpTransport.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(HttpTransport.retryAfter("99999999999")).isEqualTo(Duration.ofHours(1));
        assertThat(HttpTransport.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT")).isEqualTo(Duration.ofHours(1));
        assertThat(HttpTransport.retryAfter("Thu, 01 Jan 1970 00:00:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("soon")).isNull();
    }

    @Test
    void aHugeAnswerIsReadOnlyUpToTheLimit() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] chunk = new byte[64 * 1024];
        server.createContext("/v1/traces", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked: 32 MB of answer
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 512; i++) {
                    out.write(chunk);
                }
            } catch (java.io.IOException clientStoppedReading) {
                // expected
            }
        });
        server.start();
        try (HttpTransport transport = HttpTransport.to(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1/traces"), "application/x-protobuf").requestTimeout(Duration.ofSeconds(20)).build()) {
            byte[] answer = transport.post(new byte[]{1, 2, 3});
            assertThat(answer.length).isLessThanOrEqualTo(HttpTransport.MAX_ANSWER_BYTES);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void closeReleasesTheConnectionToTheCollector() throws Exception {
        try (ServerSocket collector = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Boolean> connectionClosed = CompletableFuture.supplyAsync(() -> {
                try (Socket s = collector.accept()) {
                    InputStream in = s.getInputStream();
                    readRequest(in);
                    s.getOutputStream().write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.setSoTimeout(200);
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (System.nanoTime() < until) {
                        try {
                            if (in.read() < 0) {
                                return true;
                            }
                        } catch (SocketTimeoutException stillOpen) {
                            System.gc(); // on Java 17 a released client ends once it is collected
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
            HttpTransport transport = HttpTransport.to(URI.create("http://127.0.0.1:" + collector.getLocalPort()
                    + "/api/traces"), "application/x-thrift").build();
            transport.post(new byte[]{1});
            transport.close();
            assertThat(connectionClosed.get(40, TimeUnit.SECONDS)).as("the collector saw the connection closed").isTrue();
            assertThat(transport.describe()).contains("/api/traces"); // the closed transport is still referenced here
        }
    }

    private static void readRequest(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        String text = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = text.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
        in.readNBytes(length);
    }
}
