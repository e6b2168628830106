package io.traceandtrace.spring.propagation;

import io.grpc.Metadata;
import io.jaegertracing.internal.JaegerSpan;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service instrumented with the OpenTelemetry SDK calls the app, which calls another such
 * service: trace id, parent, sampled flag, tracestate and baggage must cross both ways, over
 * HTTP and over gRPC.
 */
class OpenTelemetryPeerTest extends PropagationTestBase {

    private static final TraceState STATE = TraceState.builder().put("rojo", "00f067aa0ba902b7").put("vendor", "abc").build();
    private static final Baggage BAGGAGE = Baggage.builder().put("user", "alice smith").put("tenant", "ü;,=%\"\\+")
            .put("plain", "x").build();

    private static Map<String, String> values(Baggage baggage) {
        return baggage.asMap().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getValue()));
    }

    /** What the OpenTelemetry callee must see of the OpenTelemetry caller's context, the app in between. */
    private void assertCrossed(Context callerContext, OtelPeer.Received callee, String ourClientKind) {
        SpanContext caller = Span.fromContext(callerContext).getSpanContext();
        SpanContext parent = callee.parent();
        assertThat(parent.isValid()).isTrue();
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.getTraceId()).isEqualTo(caller.getTraceId());
        assertThat(parent.getSpanId()).isNotEqualTo(caller.getSpanId());
        assertThat(parent.isSampled()).isEqualTo(caller.isSampled());
        assertThat(parent.getTraceState().asMap()).isEqualTo(caller.getTraceState().asMap());
        assertThat(callee.all("tracestate")).containsExactly(PEER.headers(callerContext).get("tracestate"));
        assertThat(values(callee.baggage())).isEqualTo(values(BAGGAGE));
        if (!caller.isSampled()) {
            assertThat(callee.span().isRecording()).isFalse();
            return;
        }
        // the callee's own span continues our client span, which continues our server span, which continues the caller
        assertThat(callee.recorded().getParentSpanContext()).isEqualTo(parent);
        assertThat(callee.recorded().getSpanContext().getTraceId()).isEqualTo(caller.getTraceId());
        List<JaegerSpan> ours = Spans.awaitCount(reporter, 2);
        JaegerSpan client = ours.stream().filter(s -> ourClientKind.equals(Spans.tag(s, "span.kind"))).findFirst().orElseThrow();
        JaegerSpan server = ours.stream().filter(s -> "server".equals(Spans.tag(s, "span.kind"))).findFirst().orElseThrow();
        assertThat(client.context().toSpanId()).isEqualTo(parent.getSpanId());
        assertThat(Spans.isChildOf(client, server)).isTrue();
        assertThat(String.format("%016x%016x", server.context().getTraceIdHigh(), server.context().getTraceIdLow()))
                .isEqualTo(caller.getTraceId());
        assertThat(server.context().toSpanId()).isNotEqualTo(caller.getSpanId());
        assertThat(String.format("%016x", server.context().getParentId())).isEqualTo(caller.getSpanId());
        assertThat(client.getBaggageItem("user")).isEqualTo("alice smith");
        // what exporters send on as the span's trace state
        String sent = PEER.headers(callerContext).get("tracestate");
        assertThat(Spans.tag(server, BoundedTracer.TRACE_STATE_TAG)).isEqualTo(sent);
        assertThat(Spans.tag(client, BoundedTracer.TRACE_STATE_TAG)).isEqualTo(sent);
    }

    @ParameterizedTest(name = "sampled={0} via {1}")
    @CsvSource({"true, rest-template", "false, rest-template", "true, rest-client", "true, web-client"})
    void overHttp(boolean sampled, String via) throws Exception {
        Context caller = PEER.callerContext(sampled, STATE, BAGGAGE);
        HttpRequest.Builder request = HttpRequest.newBuilder();
        PEER.inject(caller, request);
        forwardOverHttp(via, request);
        assertCrossed(caller, PEER.next(), "client");
    }

    @ParameterizedTest(name = "sampled={0}")
    @ValueSource(booleans = {true, false})
    void overGrpc(boolean sampled) {
        Context caller = PEER.callerContext(sampled, STATE, BAGGAGE);
        Metadata metadata = new Metadata();
        PEER.inject(caller, metadata);
        assertThat(forwardOverGrpc(metadata)).isEqualTo("peer got hi");
        try {
            assertCrossed(caller, PEER.next(), "client");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTraceWeStartReachesOpenTelemetryWithoutTracestateOrBaggage() throws Exception {
        forwardOverHttp("rest-template", HttpRequest.newBuilder());
        OtelPeer.Received callee = PEER.next();
        JaegerSpan client = Spans.awaitNamed(reporter, "GET");
        assertThat(callee.parent().getTraceId())
                .isEqualTo(String.format("%016x%016x", client.context().getTraceIdHigh(), client.context().getTraceIdLow()));
        assertThat(callee.parent().getSpanId()).isEqualTo(client.context().toSpanId());
        assertThat(callee.parent().isSampled()).isTrue();
        assertThat(callee.parent().getTraceState().isEmpty()).isTrue();
        assertThat(callee.all("tracestate")).isEmpty();
        assertThat(callee.baggage().isEmpty()).isTrue();
        assertThat(callee.recorded().getParentSpanContext()).isEqualTo(callee.parent());
    }

    @Test
    void jaegerBaggageBesideAnOpenTelemetryTraceReachesOpenTelemetry() throws Exception {
        Context caller = PEER.callerContext(true, STATE, Baggage.empty());
        HttpRequest.Builder request = HttpRequest.newBuilder().header("uberctx-user", "from%20jaeger")
                .header("uberctx-broken", "%zz");
        PEER.inject(caller, request);
        forwardOverHttp("rest-template", request);
        OtelPeer.Received callee = PEER.next();
        assertThat(callee.parent().getTraceId()).isEqualTo(Span.fromContext(caller).getSpanContext().getTraceId());
        assertThat(callee.baggage().asMap()).containsOnlyKeys("user");
        assertThat(callee.baggage().getEntryValue("user")).isEqualTo("from jaeger");
    }

    @Test
    void baggageFromBothFormatsIsOneSetAndJaegerWinsAKeyByDefault() throws Exception {
        Context caller = PEER.callerContext(true, STATE, Baggage.builder().put("user", "from-w3c").put("only", "w3c").build());
        HttpRequest.Builder request = HttpRequest.newBuilder().header("uberctx-user", "from-jaeger");
        PEER.inject(caller, request);
        forwardOverHttp("rest-template", request);
        Map<String, BaggageEntry> baggage = PEER.next().baggage().asMap();
        assertThat(baggage).containsOnlyKeys("user", "only");
        assertThat(baggage.get("user").getValue()).isEqualTo("from-jaeger");
    }
}
