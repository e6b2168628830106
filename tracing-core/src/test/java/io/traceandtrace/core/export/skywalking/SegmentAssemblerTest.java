package io.traceandtrace.core.export.skywalking;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentracing.Span;
import io.traceandtrace.core.skywalking.SkyWalkingObjectFactory;
import org.apache.skywalking.apm.network.language.agent.v3.RefType;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentObject;
import org.apache.skywalking.apm.network.language.agent.v3.SpanObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** How held spans become segments, and what cuts the holding short. */
class SegmentAssemblerTest {

    private final InMemoryReporter finished = new InMemoryReporter();
    private final JaegerTracer tracer = SkyWalkingObjectFactory.tracerBuilder("svc", "svc-1@host")
            .withReporter(finished).withSampler(new ConstSampler(true)).withManualShutdown().build();
    private final AtomicLong now = new AtomicLong();

    private SegmentAssembler assembler(long maxHoldNanos) {
        return new SegmentAssembler(maxHoldNanos, now::get);
    }

    /** As the pipeline calls the stage: each span encoded, added, then what expired. */
    private List<SegmentObject> feed(SegmentAssembler assembler) {
        List<SegmentObject> out = new ArrayList<>();
        for (JaegerSpan span : finished.getSpans()) {
            SegmentSpan encoded = SegmentSpan.of(span, "svc", "svc-1@host");
            assembler.add(encoded, encoded.bytes()).forEach(group -> out.addAll(segments(group)));
            assembler.expired().forEach(group -> out.addAll(segments(group)));
        }
        finished.clear();
        return out;
    }

    /** One group is one segment on the wire. */
    private static List<SegmentObject> segments(List<SegmentSpan> group) {
        List<SegmentObject> segments = SegmentSpan.segments(group);
        assertThat(segments).hasSize(1);
        return segments;
    }

    @Test
    void nothingGoesOutUntilTheFirstSpanFinishes() {
        SegmentAssembler assembler = assembler(Long.MAX_VALUE);
        Span root = tracer.buildSpan("root").start();
        tracer.buildSpan("a").asChildOf(root).start().finish();
        tracer.buildSpan("b").asChildOf(root).start().finish();
        assertThat(feed(assembler)).isEmpty();
        assertThat(assembler.heldSpans()).isEqualTo(2);
        assertThat(assembler.heldBytes()).isPositive();
        root.finish();
        List<SegmentObject> out = feed(assembler);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getSpansList()).extracting(SpanObject::getSpanId).containsExactly(0, 1, 2);
        assertThat(assembler.heldSpans()).isZero();
        assertThat(assembler.heldBytes()).isZero();
    }

    @Test
    void releasedEarlyTheOldestSegmentGoesOutAsItIs() {
        SegmentAssembler assembler = assembler(Long.MAX_VALUE);
        Span first = tracer.buildSpan("first").start();
        Span second = tracer.buildSpan("second").start();
        tracer.buildSpan("f1").asChildOf(first).start().finish();
        tracer.buildSpan("f2").asChildOf(first).start().finish();
        tracer.buildSpan("s1").asChildOf(second).start().finish();
        assertThat(feed(assembler)).isEmpty();
        List<SegmentObject> released = new ArrayList<>();
        assembler.releaseOldest().forEach(group -> released.addAll(segments(group)));
        assertThat(released).extracting(s -> s.getSpans(0).getOperationName()).containsExactly("f1", "f2");
        for (SegmentObject alone : released) {
            assertThat(alone.getSpansCount()).isEqualTo(1);
            assertThat(alone.getSpans(0).getRefs(0).getRefType()).isEqualTo(RefType.CrossThread);
            assertThat(alone.getSpans(0).getRefs(0).getParentSpanId()).isZero();
        }
        assertThat(assembler.heldSpans()).isEqualTo(1);

        // the released segment takes no new spans; its first span goes out as the segment itself
        Span afterwards = tracer.buildSpan("f3").asChildOf(first).start();
        afterwards.finish();
        first.finish();
        List<SegmentObject> rest = feed(assembler);
        assertThat(rest).hasSize(2);
        SegmentObject own = rest.get(0);
        assertThat(own.getSpans(0).getOperationName()).isEqualTo("f3");
        assertThat(own.getSpans(0).getRefs(0).getParentTraceSegmentId()).isEqualTo(rest.get(1).getTraceSegmentId());
        assertThat(rest.get(1).getSpansList()).extracting(SpanObject::getOperationName).containsExactly("first");
    }

    @Test
    void aSegmentWaitingLongerThanTheHoldTimeGoesOutWithoutItsStragglers() {
        SegmentAssembler assembler = assembler(TimeUnit.MINUTES.toNanos(5));
        Span root = tracer.buildSpan("root").start();
        Span straggler = tracer.buildSpan("straggler").asChildOf(root).start();
        root.finish();
        assertThat(feed(assembler)).isEmpty();
        now.addAndGet(TimeUnit.MINUTES.toNanos(5));
        tracer.buildSpan("other-trace").start().finish();
        List<SegmentObject> out = feed(assembler);
        assertThat(out).extracting(s -> s.getSpans(0).getOperationName()).containsExactly("other-trace", "root");
        straggler.finish();
        SegmentObject late = feed(assembler).get(0);
        assertThat(late.getSpans(0).getRefs(0).getRefType()).isEqualTo(RefType.CrossThread);
        assertThat(late.getSpans(0).getRefs(0).getParentTraceSegmentId()).isEqualTo(out.get(1).getTraceSegmentId());
    }

    @Test
    void spansStartedOnManyThreadsGetDistinctIdsInTheirSegment() throws Exception {
        Span root = tracer.buildSpan("root").start();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 400; i++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                tracer.buildSpan("child").asChildOf(root).start().finish();
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        root.finish();
        List<SegmentObject> out = feed(assembler(Long.MAX_VALUE));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getSpansList()).extracting(SpanObject::getSpanId).doesNotHaveDuplicates().hasSize(401)
                .allMatch(id -> id >= 0 && id <= 400);
    }
}
