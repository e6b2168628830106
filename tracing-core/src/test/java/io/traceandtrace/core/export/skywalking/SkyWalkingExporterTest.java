package io.traceandtrace.core.export.skywalking;

import io.grpc.Status;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.testing.TestOap;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.settings.TracerSettings;
import org.apache.skywalking.apm.network.common.v3.KeyStringValuePair;
import org.apache.skywalking.apm.network.language.agent.v3.RefType;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentObject;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentReference;
import org.apache.skywalking.apm.network.language.agent.v3.SpanLayer;
import org.apache.skywalking.apm.network.language.agent.v3.SpanObject;
import org.apache.skywalking.apm.network.language.agent.v3.SpanType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tracers reporting to a test OAP on SkyWalking's own stubs, over a real gRPC socket. */
class SkyWalkingExporterTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private TestOap oap(TestOap oap) {
        closing.add(oap);
        return oap;
    }

    private TracerFactory factory(String service, TestOap oap, String token) {
        TracerSettings settings = TracerSettings.builder(service).reporterType(ReporterType.SKYWALKING)
                .endpoint(oap.endpoint()).authToken(token).skywalkingInstance(service + "-1@test")
                .samplerType(SamplerType.CONST).samplerParam(1.0)
                .flushInterval(Duration.ofMillis(50)).maxRetryAge(Duration.ofSeconds(20)).build();
        TracerFactory factory = new TracerFactory(settings);
        return factory;
    }

    private BoundedTracer tracer(TracerFactory factory) {
        BoundedTracer tracer = factory.create();
        closing.add(tracer::close);
        return tracer;
    }

    private static Map<String, String> tags(SpanObject span) {
        Map<String, String> tags = new HashMap<>();
        for (KeyStringValuePair tag : span.getTagsList()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        return tags;
    }

    private static Optional<SegmentObject> segmentOf(TestOap oap, String service) {
        return oap.segments().stream().filter(s -> s.getService().equals(service)).findFirst();
    }

    @Test
    void httpEntryLocalAndExitSpansAreOneSegmentAndTheCalleeRefersToTheExitSpan() {
        TestOap oap = oap(startOap());
        BoundedTracer front = tracer(factory("front", oap, "s3cret"));
        BoundedTracer back = tracer(factory("back", oap, "s3cret"));

        Span entry = front.buildSpan("GET /hello").withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER)
                .withTag(Tags.COMPONENT, "java-web-servlet").withTag(Tags.HTTP_METHOD, "GET")
                .withTag(Tags.HTTP_URL, "http://localhost/hello").start();
        Map<String, String> headers = new HashMap<>();
        try (Scope ignored = front.activateSpan(entry)) {
            Span local = front.buildSpan("GreetingService.greet").withTag(Tags.COMPONENT, "traced").start();
            try (Scope inner = front.activateSpan(local)) {
                Span exit = front.buildSpan("sample.Greeter/SayHello").withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT)
                        .withTag(Tags.COMPONENT, "grpc").start();
                exit.setTag("peer.address", "localhost:9090");
                front.inject(exit.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));

                Span server = back.buildSpan("sample.Greeter/SayHello")
                        .asChildOf(back.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers)))
                        .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER).withTag(Tags.COMPONENT, "grpc").start();
                server.log("greeting");
                server.finish();
                exit.finish();
            }
            local.setTag(Tags.ERROR, true);
            local.finish();
        }
        entry.setTag(Tags.HTTP_STATUS, 200);
        entry.finish();

        await().atMost(Duration.ofSeconds(10)).until(() -> segmentOf(oap, "front").isPresent()
                && segmentOf(oap, "back").isPresent());
        SegmentObject frontSegment = segmentOf(oap, "front").orElseThrow();
        SegmentObject backSegment = segmentOf(oap, "back").orElseThrow();
        assertThat(oap.segments()).hasSize(2);

        assertThat(frontSegment.getServiceInstance()).isEqualTo("front-1@test");
        assertThat(frontSegment.getSpansList()).extracting(SpanObject::getSpanId, SpanObject::getParentSpanId,
                        SpanObject::getSpanType, SpanObject::getSpanLayer, SpanObject::getComponentId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, -1, SpanType.Entry, SpanLayer.Http, 14),
                        org.assertj.core.groups.Tuple.tuple(1, 0, SpanType.Local, SpanLayer.Unknown, 93),
                        org.assertj.core.groups.Tuple.tuple(2, 1, SpanType.Exit, SpanLayer.RPCFramework, 23));
        SpanObject httpEntry = frontSegment.getSpans(0);
        assertThat(httpEntry.getOperationName()).isEqualTo("GET /hello");
        assertThat(httpEntry.getRefsList()).isEmpty();
        assertThat(tags(httpEntry)).containsEntry("url", "http://localhost/hello").containsEntry("http.method", "GET")
                .containsEntry("http.status_code", "200");
        assertThat(httpEntry.getEndTime()).isGreaterThanOrEqualTo(httpEntry.getStartTime());
        assertThat(httpEntry.getStartTime()).as("milliseconds since the epoch")
                .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
        assertThat(frontSegment.getSpans(1).getIsError()).isTrue();
        assertThat(frontSegment.getSpans(2).getPeer()).isEqualTo("localhost:9090");

        assertThat(backSegment.getTraceId()).isEqualTo(frontSegment.getTraceId());
        SpanObject grpcEntry = backSegment.getSpans(0);
        assertThat(grpcEntry.getSpanType()).isEqualTo(SpanType.Entry);
        assertThat(grpcEntry.getLogsList()).hasSize(1);
        assertThat(grpcEntry.getLogs(0).getData(0).getValue()).isEqualTo("greeting");
        SegmentReference ref = grpcEntry.getRefs(0);
        assertThat(ref.getRefType()).isEqualTo(RefType.CrossProcess);
        assertThat(ref.getTraceId()).isEqualTo(frontSegment.getTraceId());
        assertThat(ref.getParentTraceSegmentId()).isEqualTo(frontSegment.getTraceSegmentId());
        assertThat(ref.getParentSpanId()).isEqualTo(2);
        assertThat(ref.getParentService()).isEqualTo("front");
        assertThat(ref.getParentServiceInstance()).isEqualTo("front-1@test");
        assertThat(ref.getParentEndpoint()).isEqualTo("GET /hello");
        assertThat(ref.getNetworkAddressUsedAtPeer()).isEqualTo("localhost:9090");

        await().atMost(Duration.ofSeconds(10)).until(() -> oap.keepAlives().size() >= 2);
        assertThat(oap.instanceProperties()).extracting(p -> p.getService() + "/" + p.getServiceInstance())
                .contains("front/front-1@test", "back/back-1@test");
        assertThat(oap.instanceProperties().get(0).getPropertiesList()).extracting(KeyStringValuePair::getKey)
                .contains("language", "hostname", "Process No.");
        assertThat(oap.tokens()).isNotEmpty().allMatch("s3cret"::equals);
    }

    @Test
    void aSkyWalkingAgentCallersTraceIdAndExitSpanAreKept() {
        TestOap oap = oap(startOap());
        BoundedTracer ours = tracer(factory("ours", oap, null));
        String agentTraceId = "8c0f1b2e3d4a4b5c9d8e7f6a5b4c3d2e.61.17324567890120001";
        Map<String, String> headers = new HashMap<>();
        headers.put("sw8", sw8("1", agentTraceId, "a07c3a4e1a2b4c5d.61.17324567890120000", "3",
                "agent-svc", "agent-instance@host-a", "GET:/orders", "ours:8080"));
        headers.put("sw8-correlation", b64("tenant") + ":" + b64("blue"));

        Span server = ours.buildSpan("GET /api").asChildOf(ours.extract(Format.Builtin.HTTP_HEADERS,
                new TextMapAdapter(headers))).withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER).start();
        assertThat(server.getBaggageItem("tenant")).isEqualTo("blue");
        Map<String, String> outgoing = new HashMap<>();
        try (Scope ignored = ours.activateSpan(server)) {
            Span exit = ours.buildSpan("GET").withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT).start();
            exit.setTag(Tags.PEER_HOSTNAME, "next").setTag(Tags.PEER_PORT, 81);
            ours.inject(exit.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(outgoing));
            exit.finish();
        }
        server.finish();

        String[] next = outgoing.get("sw8").split("-");
        assertThat(next[0]).isEqualTo("1");
        assertThat(unb64(next[1])).as("the caller's trace id goes on").isEqualTo(agentTraceId);
        assertThat(next[3]).isEqualTo("1");
        assertThat(unb64(next[4])).isEqualTo("ours");
        assertThat(unb64(next[6])).isEqualTo("GET /api");
        assertThat(unb64(next[7])).isEqualTo("next:81");
        assertThat(outgoing.get("sw8-correlation")).isEqualTo(b64("tenant") + ":" + b64("blue"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !oap.segments().isEmpty());
        SegmentObject segment = oap.segments().get(0);
        assertThat(segment.getTraceId()).isEqualTo(agentTraceId);
        assertThat(unb64(next[2])).isEqualTo(segment.getTraceSegmentId());
        SegmentReference ref = segment.getSpans(0).getRefs(0);
        assertThat(ref.getRefType()).isEqualTo(RefType.CrossProcess);
        assertThat(ref.getTraceId()).isEqualTo(agentTraceId);
        assertThat(ref.getParentTraceSegmentId()).isEqualTo("a07c3a4e1a2b4c5d.61.17324567890120000");
        assertThat(ref.getParentSpanId()).isEqualTo(3);
        assertThat(ref.getParentService()).isEqualTo("agent-svc");
        assertThat(ref.getParentServiceInstance()).isEqualTo("agent-instance@host-a");
        assertThat(ref.getParentEndpoint()).isEqualTo("GET:/orders");
        assertThat(ref.getNetworkAddressUsedAtPeer()).isEqualTo("ours:8080");
        assertThat(segment.getSpans(1).getPeer()).isEqualTo("next:81");
    }

    @Test
    void aSpanStillRunningWhenItsEntryFinishesIsWaitedFor_oneStartedAfterGoesOutWithACrossThreadRef() {
        TestOap oap = oap(startOap());
        BoundedTracer tracer = tracer(factory("async", oap, null));
        Span entry = tracer.buildSpan("POST /jobs").withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER).start();
        Span running = tracer.buildSpan("job").asChildOf(entry).start();
        entry.finish();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> oap.segments().isEmpty());

        running.finish();
        await().atMost(Duration.ofSeconds(10)).until(() -> oap.segments().size() == 1);
        SegmentObject whole = oap.segments().get(0);
        assertThat(whole.getSpansList()).extracting(SpanObject::getOperationName).containsExactly("POST /jobs", "job");

        Span late = tracer.buildSpan("retry-job").asChildOf(entry).start();
        late.finish();
        await().atMost(Duration.ofSeconds(10)).until(() -> oap.segments().size() == 2);
        SegmentObject own = oap.segments().get(1);
        assertThat(own.getTraceId()).isEqualTo(whole.getTraceId());
        assertThat(own.getTraceSegmentId()).isNotEqualTo(whole.getTraceSegmentId());
        SegmentReference ref = own.getSpans(0).getRefs(0);
        assertThat(ref.getRefType()).isEqualTo(RefType.CrossThread);
        assertThat(ref.getParentTraceSegmentId()).isEqualTo(whole.getTraceSegmentId());
        assertThat(ref.getParentSpanId()).isEqualTo(0);
        assertThat(ref.getParentEndpoint()).isEqualTo("POST /jobs");
    }

    @Test
    void theOapRefusingTheTokenIsNotRetried_aRestartingOapIsRetriedWithTheSameSegments() {
        TestOap locked = oap(requiringToken("right"));
        TracerFactory wrong = factory("svc", locked, "wrong");
        BoundedTracer tracer = tracer(wrong);
        tracer.buildSpan("one").start().finish();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                wrong.pipeline().stats().snapshot().dropped(DropReason.SEND_FAILED) == 1);
        assertThat(locked.collectCalls()).isEqualTo(1);
        assertThat(locked.segments()).isEmpty();

        TestOap restarting = oap(startOap());
        restarting.refuse(Status.UNAVAILABLE);
        TracerFactory retrying = factory("svc", restarting, null);
        BoundedTracer second = tracer(retrying);
        second.buildSpan("two").start().finish();
        await().atMost(Duration.ofSeconds(10)).until(() -> restarting.collectCalls() >= 2);
        restarting.refuse(null);
        await().atMost(Duration.ofSeconds(15)).until(() -> restarting.segments().size() == 1);
        assertThat(restarting.segments().get(0).getSpans(0).getOperationName()).isEqualTo("two");
        await().atMost(Duration.ofSeconds(5)).until(() -> retrying.pipeline().stats().snapshot().sent() == 1);
        assertThat(retrying.pipeline().stats().snapshot().retries()).isPositive();
    }

    @Test
    void closingSendsWhatIsStillHeld_countedAsSentOnlyOnceItIs() {
        TestOap oap = oap(startOap());
        TracerFactory factory = factory("svc", oap, null);
        BoundedTracer tracer = factory.create();
        Span entry = tracer.buildSpan("never-finished").start();
        tracer.buildSpan("child").asChildOf(entry).start().finish();
        await().atMost(Duration.ofSeconds(5)).until(() -> factory.pipeline().stats().snapshot().queueSpans() == 0
                && factory.pipeline().stats().snapshot().queued() == 1);
        assertThat(factory.pipeline().stats().snapshot().sent()).as("held, not sent").isZero();
        assertThat(oap.segments()).isEmpty();
        tracer.close();
        assertThat(oap.segments()).hasSize(1);
        SegmentObject child = oap.segments().get(0);
        assertThat(child.getSpans(0).getOperationName()).isEqualTo("child");
        assertThat(child.getSpans(0).getRefs(0).getRefType()).isEqualTo(RefType.CrossThread);
        assertThat(factory.pipeline().stats().snapshot().sent()).isEqualTo(1);
    }

    @Test
    void closingWhileTheOapHangsCountsTheHeldSpansAsLostAtShutdown() {
        TestOap oap = oap(startOap());
        oap.hang();
        TracerFactory factory = new TracerFactory(TracerSettings.builder("svc").reporterType(ReporterType.SKYWALKING)
                .endpoint(oap.endpoint()).samplerType(SamplerType.CONST).samplerParam(1.0)
                .flushInterval(Duration.ofMillis(50)).shutdownTimeout(Duration.ofSeconds(1)).build());
        BoundedTracer tracer = factory.create();
        Span entry = tracer.buildSpan("never-finished").start();
        tracer.buildSpan("child").asChildOf(entry).start().finish();
        tracer.buildSpan("other child").asChildOf(entry).start().finish();
        await().atMost(Duration.ofSeconds(5)).until(() -> factory.pipeline().stats().snapshot().queueSpans() == 0
                && factory.pipeline().stats().snapshot().queued() == 2);
        tracer.close();
        ExportStats.Snapshot stats = factory.pipeline().stats().snapshot();
        assertThat(stats.sent()).isZero();
        assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(2);
        assertThat(oap.collectCalls()).isEqualTo(1);
    }

    @Test
    void spansAreCountedNotSegments_aRefusedSegmentDropsEachOfItsSpans() {
        TestOap locked = oap(requiringToken("right"));
        TracerFactory wrong = factory("svc", locked, "wrong");
        BoundedTracer tracer = tracer(wrong);
        Span entry = tracer.buildSpan("entry").start();
        tracer.buildSpan("one").asChildOf(entry).start().finish();
        tracer.buildSpan("two").asChildOf(entry).start().finish();
        entry.finish();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                wrong.pipeline().stats().snapshot().dropped(DropReason.SEND_FAILED) == 3);
        assertThat(wrong.pipeline().stats().snapshot().sent()).isZero();
        assertThat(locked.collectCalls()).isEqualTo(1);

        TestOap open = oap(startOap());
        TracerFactory accepted = factory("svc", open, null);
        BoundedTracer second = tracer(accepted);
        Span root = second.buildSpan("entry").start();
        second.buildSpan("one").asChildOf(root).start().finish();
        second.buildSpan("two").asChildOf(root).start().finish();
        root.finish();
        await().atMost(Duration.ofSeconds(10)).until(() -> accepted.pipeline().stats().snapshot().sent() == 3);
        assertThat(open.segments()).hasSize(1);
        assertThat(open.segments().get(0).getSpansCount()).isEqualTo(3);
    }

    @Test
    void aSegmentHeldTooLongLeavesOnAnIdleTick_withoutAnotherSpanFinishing() {
        TestOap oap = oap(startOap());
        TracerSettings settings = TracerSettings.builder("svc").reporterType(ReporterType.SKYWALKING)
                .endpoint(oap.endpoint()).samplerType(SamplerType.CONST).samplerParam(1.0)
                .flushInterval(Duration.ofMillis(50)).build();
        SkyWalkingExporter exporter = new SkyWalkingExporter(oap.endpoint(), null, "svc", "svc-1@test",
                Duration.ofSeconds(5), Duration.ofMillis(300));
        ExportPipeline<SegmentSpan> pipeline = TracerFactory.pipeline(exporter, settings, new ExportStats(), List.of());
        BoundedTracer tracer = new TracerFactory(settings).reporter(pipeline).create();
        closing.add(pipeline::close);
        Span entry = tracer.buildSpan("never-finished").start();
        tracer.buildSpan("child").asChildOf(entry).start().finish();

        await().atMost(Duration.ofSeconds(20)).until(() -> oap.segments().size() == 1);
        assertThat(oap.segments().get(0).getSpans(0).getOperationName()).isEqualTo("child");
        await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.stats().snapshot().sent() == 1);
    }

    private static TestOap startOap() {
        try {
            return TestOap.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestOap requiringToken(String token) {
        try {
            return TestOap.requiringToken(token);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sw8(String sample, String traceId, String segmentId, String spanId, String service, String instance,
                      String endpoint, String peer) {
        return String.join("-", sample, b64(traceId), b64(segmentId), spanId, b64(service), b64(instance),
                b64(endpoint), b64(peer));
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String text) {
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }
}
