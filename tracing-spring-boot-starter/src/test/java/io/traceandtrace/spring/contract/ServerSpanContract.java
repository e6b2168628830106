package io.traceandtrace.spring.contract;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every server adapter must do, over a real socket: the same cases for the servlet filter
 * (Spring MVC) and the gRPC server interceptor. A subclass says how to make each kind of call.
 */
public abstract class ServerSpanContract {

    protected static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
    protected static final String SPAN = "a2fb4a1d1a96d312";

    /** The reporter the application's spans go to. */
    protected abstract CapturingExporter reporter();

    /**
     * A call the handler answers normally, with headers (names lower-case).
     *
     * @return what the handler saw: "activeSpanId mdcSpanId"
     */
    protected abstract String callOk(Map<String, String> headers);

    /** The name of the server span of {@link #callOk}. */
    protected abstract String okName();

    /** A call the handler answers with a failure status (HTTP 5xx, a non-OK gRPC status); returns its span's name. */
    protected abstract String callFailing();

    /** A call whose handler throws an exception nothing handles; returns its span's name. */
    protected abstract String callThrowing();

    /** The exception {@link #callThrowing} throws. */
    protected abstract Class<? extends Throwable> thrown();

    /** A call that times out or is cancelled while the handler runs; returns its span's name. */
    protected abstract String callTimingOut();

    /** A call the skip rules exclude, then a traced one; returns the skipped call's would-be name prefix. */
    protected abstract String callSkipped();

    /** The protocol's status tag and values. */
    protected abstract StatusTags status();

    /** The status after {@link #callThrowing}. */
    protected abstract Object thrownStatus();

    /** Calls that found a span active, or ids in the MDC, on arrival at the server. */
    protected abstract int leakedScopes();

    @BeforeEach
    void clearSpans() {
        reporter().clear();
    }

    protected JaegerSpan serverSpan(String name) {
        List<JaegerSpan> spans = Spans.awaitSpans(reporter(), list -> list.stream().anyMatch(s -> isServer(s, name)));
        return spans.stream().filter(s -> isServer(s, name)).findFirst().orElseThrow();
    }

    private static boolean isServer(JaegerSpan span, String name) {
        return span.getOperationName().equals(name) && "server".equals(span.getTags().get("span.kind"));
    }

    private static long id(String hex) {
        return Long.parseUnsignedLong(hex.substring(hex.length() - 16), 16);
    }

    @Test
    void continuesTheCallersTraceFromEachHeaderFormat() {
        Map<String, Map<String, String>> formats = Map.of(
                "jaeger", Map.of("uber-trace-id", TRACE + ":" + SPAN + ":0:1"),
                "w3c", Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01"),
                "b3 single", Map.of("b3", TRACE + "-" + SPAN + "-1"),
                "b3 multi", Map.of("x-b3-traceid", TRACE, "x-b3-spanid", SPAN, "x-b3-sampled", "1"));
        formats.forEach((format, headers) -> {
            reporter().clear();
            callOk(headers);
            JaegerSpan server = serverSpan(okName());
            assertThat(server.context().getTraceIdLow()).as(format).isEqualTo(id(TRACE));
            assertThat(server.context().getParentId()).as(format).isEqualTo(id(SPAN));
        });
    }

    @Test
    void garbageHeadersStartANewRoot() {
        assertThat(callOk(Map.of("uber-trace-id", "garbage:::", "traceparent", "00-zz-yy-01", "b3", "not-b3")))
                .doesNotStartWith("none");
        JaegerSpan server = serverSpan(okName());
        assertThat(server.context().getParentId()).isZero();
        assertThat(server.context().getTraceIdLow()).isNotEqualTo(id(TRACE));
    }

    @Test
    void aStrayActiveSpanIsNeverTheParent() {
        callOk(Map.of("x-stray-span", "1"));
        JaegerSpan server = serverSpan(okName());
        JaegerSpan stray = Spans.awaitNamed(reporter(), "stray");
        assertThat(server.context().getParentId()).as("a root, not a child of the span a filter left active").isZero();
        assertThat(server.context().getTraceIdLow()).isNotEqualTo(stray.context().getTraceIdLow());

        reporter().clear();
        callOk(Map.of("x-stray-span", "1", "traceparent", "00-" + TRACE + "-" + SPAN + "-01"));
        assertThat(serverSpan(okName()).context().getParentId()).as("the caller's span").isEqualTo(id(SPAN));
    }

    @Test
    void theSpanIsActiveInTheHandlerWithItsIdsInTheMdc() {
        String seen = callOk(Map.of());
        JaegerSpan server = serverSpan(okName());
        String spanId = server.context().toSpanId();
        assertThat(seen).isEqualTo(spanId + " " + spanId);
    }

    @Test
    void anOkCallHasItsStatusAndNoError() {
        callOk(Map.of());
        JaegerSpan server = serverSpan(okName());
        assertThat(server.getTags()).containsEntry(status().key(), status().ok()).doesNotContainKey("error")
                .containsEntry("span.kind", "server");
    }

    @Test
    void aFailureStatusIsAnError() {
        JaegerSpan server = serverSpan(callFailing());
        assertThat(server.getTags()).containsEntry(status().key(), status().failing()).containsEntry("error", true);
    }

    @Test
    void anEscapedExceptionIsAnErrorWithItsLog() {
        JaegerSpan server = serverSpan(callThrowing());
        assertThat(server.getTags()).containsEntry(status().key(), thrownStatus()).containsEntry("error", true);
        assertThat(Spans.logs(server)).anySatisfy(log ->
                assertThat(log.get("error.kind")).isEqualTo(thrown().getName()));
    }

    @Test
    void aTimedOutOrCancelledCallIsAnErrorFinishedOnce() {
        String name = callTimingOut();
        JaegerSpan server = serverSpan(name);
        assertThat(tag(server, "error")).isEqualTo(true);
        assertThat(Spans.logs(server)).anySatisfy(log -> assertThat(log.get("event")).isEqualTo("cancelled"));
        callOk(Map.of()); // later spans arrive, the timed-out one never again
        serverSpan(okName());
        assertThat(reporter().spans()).filteredOn(s -> isServer(s, name)).hasSize(1);
    }

    @Test
    void skippedCallsMakeNoSpan() {
        String skipped = callSkipped();
        callOk(Map.of());
        serverSpan(okName());
        assertThat(reporter().spans()).extracting(JaegerSpan::getOperationName).noneMatch(n -> n.startsWith(skipped));
    }

    @Test
    void noScopeNorMdcIsLeftOnTheServersThreads() {
        int before = leakedScopes();
        for (int i = 0; i < 50; i++) {
            callOk(Map.of());
            callFailing();
            callThrowing();
        }
        callTimingOut();
        for (int i = 0; i < 20; i++) {
            callOk(Map.of());
        }
        assertThat(leakedScopes()).isEqualTo(before);
    }

    @Test
    void userHooksRunAfterOurDefaultsAndAddToThem() {
        callOk(Map.of("x-span-name", "renamed-by-hook"));
        JaegerSpan server = serverSpan("renamed-by-hook");
        assertThat(server.getTags()).as("our tags stay").containsEntry(status().key(), status().ok()).containsKey("component");
        assertThat(String.valueOf(tag(server, "hook.status"))).as("the hook saw our status")
                .isEqualTo(String.valueOf(status().ok()));
    }
}
