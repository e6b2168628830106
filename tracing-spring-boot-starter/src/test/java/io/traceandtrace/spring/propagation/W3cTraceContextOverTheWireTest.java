package io.traceandtrace.spring.propagation;

import io.grpc.Metadata;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The W3C Trace Context test suite's cases (w3c/trace-context test/test.py) over real sockets:
 * sent to the app over HTTP and over gRPC metadata, and read where the app's own outgoing HTTP
 * and gRPC calls arrive.
 */
class W3cTraceContextOverTheWireTest extends PropagationTestBase {

    static final String TRACE = "12345678901234567890123456789012";
    static final String PARENT = "1234567890123456";
    static final String VALID = "00-" + TRACE + "-" + PARENT + "-01";

    /**
     * Headers the caller sends; whether its trace goes on; the tracestate that must go out with it;
     * whether OpenTelemetry Java reads it too.
     */
    record Case(String name, List<String[]> headers, boolean continued, String tracestate, boolean otelReadsIt) {
        boolean sampled() {
            return (callersFlags() & 1) != 0;
        }

        /** The flags of the caller's traceparent that Level 2 defines: sampled and random. */
        int callersFlags() {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase("traceparent")).findFirst()
                    .map(h -> Integer.parseInt(h[1].substring(53, 55), 16) & 3).orElse(1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case of(String name, boolean continued, String tracestate, String... headers) {
        return new Case(name, IntStream.range(0, headers.length / 2)
                .mapToObj(i -> new String[]{headers[2 * i], headers[2 * i + 1]}).toList(), continued, tracestate, true);
    }

    /**
     * A valid tracestate, continued with the trace, that OpenTelemetry Java 1.49 drops: its keys
     * keep a Level 1 tenant@system split, with limits of 240 and 13 characters.
     */
    private static Case beyondOtel(String name, String tracestate, String... headers) {
        Case c = of(name, true, tracestate, headers);
        return new Case(name, c.headers(), true, tracestate, false);
    }

    static Stream<Case> cases() {
        String key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
        String value = IntStream.rangeClosed(0x20, 0x7e).filter(c -> c != ',' && c != '=')
                .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
        String thirtyTwo = IntStream.rangeClosed(1, 32).mapToObj(i -> String.format("bar%02d=%02d", i, i))
                .collect(Collectors.joining(","));
        return Stream.of(
                of("no headers", false, null),
                of("traceparent only", true, null, "traceparent", VALID),
                of("unsampled traceparent", true, null, "traceparent", "00-" + TRACE + "-" + PARENT + "-00"),
                of("random trace id, sampled", true, null, "traceparent", "00-" + TRACE + "-" + PARENT + "-03"),
                of("random trace id, unsampled", true, null, "traceparent", "00-" + TRACE + "-" + PARENT + "-02"),
                of("traceparent and tracestate", true, "foo=1,bar=2", "traceparent", VALID, "tracestate", "foo=1,bar=2"),
                of("header names in any case", true, "foo=1", "TrAcEpArEnT", VALID, "TRACESTATE", "foo=1"),
                of("several tracestate headers, in order", true, "foo=1,bar=2,rojo=1,congo=2,baz=3", "traceparent", VALID,
                        "tracestate", "foo=1,bar=2", "tracestate", "rojo=1,congo=2", "tracestate", "baz=3"),
                of("an empty tracestate beside another", true, "foo=1", "traceparent", VALID,
                        "tracestate", "", "tracestate", "foo=1"),
                of("white space around members", true, "foo=1,bar=2,baz=3", "traceparent", VALID,
                        "tracestate", "foo=1  ,  bar=2,   baz=3"),
                of("every allowed character", true, key + "@a-z0-9_-*/=" + value, "traceparent", VALID,
                        "tracestate", key + "@a-z0-9_-*/=" + value),
                of("32 members", true, thirtyTwo, "traceparent", VALID, "tracestate", thirtyTwo),
                of("a later version with more fields", true, null,
                        "traceparent", "cc-" + TRACE + "-" + PARENT + "-01-what-the-future-will-be-like"),
                of("33 members", true, null, "traceparent", VALID, "tracestate", thirtyTwo + ",bar33=33"),
                of("a key repeated in one header", true, "foo=1,bar=2,baz=4", "traceparent", VALID,
                        "tracestate", "foo=1,bar=2,foo=3,baz=4"),
                of("a key repeated across headers", true, "foo=1", "traceparent", VALID, "tracestate", "foo=1", "tracestate", "foo=2"),
                of("a key of 256 characters", true, "foo=1," + "z".repeat(256) + "=1", "traceparent", VALID,
                        "tracestate", "foo=1", "tracestate", "z".repeat(256) + "=1"),
                of("a key of 257 characters", true, null, "traceparent", VALID, "tracestate", "foo=1," + "z".repeat(257) + "=1"),
                beyondOtel("tenant@system of 241 and 14", "foo=1," + "t".repeat(241) + "@" + "v".repeat(14) + "=1",
                        "traceparent", VALID, "tracestate", "foo=1", "tracestate", "t".repeat(241) + "@" + "v".repeat(14) + "=1"),
                beyondOtel("a tenant of 242", "foo=1," + "t".repeat(242) + "@v=1",
                        "traceparent", VALID, "tracestate", "foo=1", "tracestate", "t".repeat(242) + "@v=1"),
                beyondOtel("a system of 15", "foo=1,t@" + "v".repeat(15) + "=1",
                        "traceparent", VALID, "tracestate", "foo=1", "tracestate", "t@" + "v".repeat(15) + "=1"),
                beyondOtel("keys with @ at the end or twice", "foo@=1,foo@@bar=2,foo@bar@baz=3,bar=2",
                        "traceparent", VALID, "tracestate", "foo@=1,foo@@bar=2,foo@bar@baz=3,bar=2"),
                of("a key starting with @", true, null, "traceparent", VALID, "tracestate", "@foo=1,bar=2"),
                of("over 512 characters", true, "a=" + "x".repeat(200) + "," + "c=" + "z".repeat(126), "traceparent", VALID,
                        "tracestate", "a=" + "x".repeat(200) + ",b=" + "y".repeat(200) + ",c=" + "z".repeat(126)),
                of("an empty value", true, null, "traceparent", VALID, "tracestate", "foo=,bar=3"),
                of("an upper-case key", true, null, "traceparent", VALID, "tracestate", "FOO=1"),
                of("tracestate without traceparent", false, null, "tracestate", "foo=1"),
                of("two traceparents", false, null, "traceparent", "00-12345678901234567890123456789011-" + PARENT + "-01",
                        "traceparent", VALID, "tracestate", "foo=1"),
                of("version ff", false, null, "traceparent", "ff-" + TRACE + "-" + PARENT + "-01", "tracestate", "foo=1"),
                of("version 00 with more fields", false, null,
                        "traceparent", VALID + "-what-the-future-will-be-like", "tracestate", "foo=1"),
                of("upper-case hex", false, null, "traceparent", "00-" + TRACE.replace('1', 'A') + "-" + PARENT + "-01"),
                of("all-zero trace id", false, null, "traceparent", "00-" + "0".repeat(32) + "-" + PARENT + "-01",
                        "tracestate", "foo=1"),
                of("all-zero parent id", false, null, "traceparent", "00-" + TRACE + "-" + "0".repeat(16) + "-01"),
                of("trace id too short", false, null, "traceparent", "00-" + TRACE.substring(1) + "-" + PARENT + "-01"),
                of("flags too long", false, null, "traceparent", VALID + "1"),
                of("another name", false, null, "trace-parent", VALID));
    }

    private static void assertWentOn(Case c, OtelPeer.Received out) {
        List<String> traceparents = out.all("traceparent");
        assertThat(traceparents).as("traceparent headers sent on").hasSize(1);
        String traceparent = traceparents.get(0);
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]");
        if (c.continued()) {
            assertThat(traceparent.substring(3, 35)).isEqualTo(TRACE);
            assertThat(traceparent.substring(36, 52)).isNotEqualTo(PARENT);
            // the caller's sampled and random flags, as they came
            assertThat(traceparent).endsWith(String.format("-%02x", c.callersFlags()));
        } else {
            assertThat(traceparent.substring(3, 35)).isNotIn(TRACE, "12345678901234567890123456789011", "0".repeat(32));
            // a trace of ours: sampled, and its id is random
            assertThat(traceparent).endsWith("-03");
        }
        assertThat(out.all("tracestate")).isEqualTo(c.tracestate() == null ? List.of() : List.of(c.tracestate()));
        // and OpenTelemetry reads what we sent as the same trace
        assertThat(out.parent().getTraceId()).isEqualTo(traceparent.substring(3, 35));
        if (c.otelReadsIt()) {
            assertThat(out.parent().getTraceState().asMap()).hasSize(c.tracestate() == null ? 0 : c.tracestate().split(",").length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void overHttpInAndOut(Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        c.headers().forEach(h -> request.header(h[0], h[1]));
        forwardOverHttp("rest-template", request);
        assertWentOn(c, PEER.next());
        if (c.continued() && c.sampled()) { // an unsampled span is not reported
            JaegerSpan server = Spans.awaitNamed(reporter, "GET /forward");
            assertThat(server.context().toTraceId()).isEqualTo(TRACE);
            assertThat(server.context().getParentId()).isEqualTo(Long.parseUnsignedLong(PARENT, 16));
            // a random flag is not Jaeger's debug flag
            assertThat(server.context().isDebug()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void overGrpcMetadataInAndOut(Case c) throws Exception {
        Metadata metadata = new Metadata();
        c.headers().forEach(h -> metadata.put(Metadata.Key.of(h[0], Metadata.ASCII_STRING_MARSHALLER), h[1]));
        assertThat(forwardOverGrpc(metadata)).isEqualTo("peer got hi");
        assertWentOn(c, PEER.next());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest-template", "rest-client", "web-client"})
    void everyHttpClientSendsTheTracestateOn(String via) throws Exception {
        String systemOf15 = "t@" + "v".repeat(15);
        forwardOverHttp(via, HttpRequest.newBuilder().header("traceparent", VALID)
                .header("tracestate", "vendor=abc, " + systemOf15 + "=2").header("tracestate", "vendor=again,x=1"));
        OtelPeer.Received out = PEER.next();
        assertThat(out.all("traceparent")).singleElement().asString().startsWith("00-" + TRACE + "-");
        assertThat(out.all("tracestate")).containsExactly("vendor=abc," + systemOf15 + "=2,x=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest-template", "rest-client", "web-client"})
    void everyHttpClientPassesTheCallersRandomFlagOn(String via) throws Exception {
        forwardOverHttp(via, HttpRequest.newBuilder().header("traceparent", "00-" + TRACE + "-" + PARENT + "-03"));
        assertThat(PEER.next().all("traceparent")).singleElement().asString()
                .startsWith("00-" + TRACE + "-").endsWith("-03");
        // an unsampled caller with a random id: it stays unsampled (a debug flag would have forced sampling)
        forwardOverHttp(via, HttpRequest.newBuilder().header("traceparent", "00-" + TRACE + "-" + PARENT + "-02"));
        assertThat(PEER.next().all("traceparent")).singleElement().asString()
                .startsWith("00-" + TRACE + "-").endsWith("-02");
    }

    @Test
    void anHttpRequestsTracestateGoesOnToItsGrpcCalls() throws Exception {
        String to = "http://127.0.0.1:" + port + "/forward/grpc";
        var response = http.send(HttpRequest.newBuilder(URI.create(to)).header("traceparent", VALID)
                .header("tracestate", "vendor=abc").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("peer got from http");
        OtelPeer.Received out = PEER.next();
        assertThat(out.all("traceparent")).singleElement().asString().startsWith("00-" + TRACE + "-");
        assertThat(out.all("tracestate")).containsExactly("vendor=abc");
    }
}
