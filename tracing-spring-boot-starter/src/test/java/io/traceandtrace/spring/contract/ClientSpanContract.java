package io.traceandtrace.spring.contract;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every client adapter must do, over a real socket to the application's own traced server:
 * the same cases for RestTemplate, RestClient, WebClient and the gRPC client interceptor.
 */
public abstract class ClientSpanContract {

    protected abstract CapturingExporter reporter();

    protected abstract Tracer tracer();

    /** A call the server answers normally. */
    protected abstract void callOk();

    /** A call the server answers with a failure status (HTTP 503, gRPC NOT_FOUND). */
    protected abstract void callFailing();

    /** A call to a port nothing listens on; the adapter's exception is expected and caught. */
    protected abstract void callUnreachable();

    /** A call that gives up (read timeout, deadline) before the slow server answers; the exception is caught. */
    protected abstract void callTimingOut();

    /** The name of the server span of the call {@link #callTimingOut} made, which finishes later. */
    protected abstract String slowServerName();

    /** The client span's name for every call above. */
    protected abstract String clientName();

    /** The server span's name of {@link #callOk}. */
    protected abstract String serverName();

    /** The trace headers the server received with the last {@link #callOk} (lower-case names). */
    protected abstract Map<String, String> lastHeadersReceived();

    /** The protocol's status tag and values. */
    protected abstract StatusTags status();

    @BeforeEach
    void clearSpans() {
        reporter().clear();
    }

    protected JaegerSpan span(String kind, String name) {
        List<JaegerSpan> spans = Spans.awaitSpans(reporter(), list -> list.stream().anyMatch(s -> is(s, kind, name)));
        return spans.stream().filter(s -> is(s, kind, name)).findFirst().orElseThrow();
    }

    protected static boolean is(JaegerSpan span, String kind, String name) {
        return span.getOperationName().equals(name) && kind.equals(span.getTags().get("span.kind"));
    }

    private static long hex(String value) {
        return Long.parseUnsignedLong(value.substring(Math.max(0, value.length() - 16)), 16);
    }

    @Test
    void aChildOfTheActiveSpanThatTheServerContinues() {
        Span caller = tracer().buildSpan("caller").start();
        try (Scope ignored = tracer().activateSpan(caller)) {
            callOk();
            assertThat(tracer().activeSpan()).as("the caller's span is active again").isSameAs(caller);
            assertThat(MDC.get("spanId")).isEqualTo(caller.context().toSpanId());
        }
        caller.finish();
        JaegerSpan client = span("client", clientName());
        JaegerSpan server = span("server", serverName());
        JaegerSpan callerSpan = Spans.awaitNamed(reporter(), "caller");
        assertThat(Spans.isChildOf(client, callerSpan)).isTrue();
        assertThat(Spans.isChildOf(server, client)).as("the server continues the client span").isTrue();
    }

    @Test
    void withoutAnActiveSpanTheClientSpanStartsATrace() {
        callOk();
        JaegerSpan client = span("client", clientName());
        assertThat(client.context().getParentId()).isZero();
        assertThat(Spans.isChildOf(span("server", serverName()), client)).isTrue();
    }

    @Test
    void theContextIsSentInEachConfiguredHeaderFormat() {
        callOk();
        JaegerSpanContext client = span("client", clientName()).context();
        Map<String, String> headers = lastHeadersReceived();
        String[] jaeger = headers.get("uber-trace-id").split(":");
        String[] w3c = headers.get("traceparent").split("-");
        assertThat(List.of(hex(jaeger[0]), hex(jaeger[1]))).as("jaeger")
                .containsExactly(client.getTraceIdLow(), client.getSpanId());
        assertThat(List.of(hex(w3c[1]), hex(w3c[2]))).as("w3c")
                .containsExactly(client.getTraceIdLow(), client.getSpanId());
        assertThat(List.of(hex(headers.get("x-b3-traceid")), hex(headers.get("x-b3-spanid")))).as("b3")
                .containsExactly(client.getTraceIdLow(), client.getSpanId());
    }

    @Test
    void anOkCallHasItsStatusAndNoError() {
        callOk();
        assertThat(span("client", clientName()).getTags()).containsEntry(status().key(), status().ok())
                .containsEntry("span.kind", "client").doesNotContainKey("error");
    }

    @Test
    void aFailureStatusIsAnError() {
        callFailing();
        assertThat(span("client", clientName()).getTags()).containsEntry(status().key(), status().failing())
                .containsEntry("error", true);
    }

    @Test
    void anUnreachableServerIsAnErrorWithItsLog() {
        callUnreachable();
        JaegerSpan client = span("client", clientName());
        assertThat(client.getTags()).containsEntry("error", true);
        assertThat(Spans.logs(client)).anySatisfy(log -> assertThat(log.get("event")).isEqualTo("error"));
    }

    @Test
    void aTimedOutCallIsAnErrorFinishedOnce() {
        callTimingOut();
        JaegerSpan client = span("client", clientName());
        assertThat(client.getTags()).containsEntry("error", true);
        span("server", slowServerName()); // the slow side is done too: nothing more can arrive
        assertThat(reporter().spans()).filteredOn(s -> is(s, "client", clientName())).hasSize(1);
    }

    @Test
    void noScopeNorMdcIsLeftOnTheCallingThread() {
        callOk();
        callFailing();
        callUnreachable();
        callTimingOut();
        assertThat(tracer().activeSpan()).isNull();
        assertThat(MDC.get("traceId")).isNull();
        assertThat(MDC.get("spanId")).isNull();
    }

    @Test
    void userHooksRunAfterOurDefaultsAndAddToThem() {
        callOk();
        JaegerSpan client = span("client", clientName());
        assertThat(client.getTags()).containsEntry(status().key(), status().ok()).containsKey("component");
        assertThat(String.valueOf(client.getTags().get("hook.status"))).isEqualTo(String.valueOf(status().ok()));
    }
}
