package io.traceandtrace.core.bench;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.recent.RecentTraces;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What keeping a finished span in {@link RecentTraces} costs the thread that reports it: an HTTP
 * server span with 9 tags and a log, into a full store (default bounds), so every report also evicts.
 *
 * <p>Run: {@code mvn -pl tracing-core -Pbench verify -Djmh.args="RecentTracesBenchmark -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RecentTracesBenchmark {

    private static final int SPANS = 16_384; // 4,096 traces of 4 spans: more than the store keeps

    private JaegerTracer jaeger;
    private JaegerSpan[] spans;
    private RecentTraces recent;
    private int next;

    @Setup
    public void setUp() {
        jaeger = new JaegerTracer.Builder("bench").withReporter(new NoopReporter())
                .withSampler(new ConstSampler(true)).withManualShutdown().build();
        spans = new JaegerSpan[SPANS];
        for (int t = 0; t < SPANS / 4; t++) {
            JaegerSpan root = jaeger.buildSpan("GET /orders/{id}").start();
            spans[t * 4] = root;
            for (int c = 1; c < 4; c++) {
                spans[t * 4 + c] = jaeger.buildSpan("child " + c).asChildOf(root).start();
            }
        }
        for (JaegerSpan span : spans) {
            span.setTag(Tags.SPAN_KIND.getKey(), "server").setTag("component", "java-web-servlet")
                    .setTag("http.method", "GET").setTag("http.url", "http://localhost:8080/orders/42")
                    .setTag("http.route", "/orders/{id}").setTag("http.status_code", 200)
                    .setTag("handler.class", "OrderController").setTag("handler.method", "order");
            span.log("handled");
            span.finish();
        }
        recent = new RecentTraces(RecentTraces.DEFAULT_MAX_SPANS, RecentTraces.DEFAULT_MAX_BYTES);
        for (JaegerSpan span : spans) {
            recent.report(span);
        }
    }

    @TearDown
    public void tearDown() {
        jaeger.close();
    }

    @Benchmark
    public int report() {
        recent.report(spans[next]);
        next = (next + 1) % SPANS;
        return next;
    }
}
