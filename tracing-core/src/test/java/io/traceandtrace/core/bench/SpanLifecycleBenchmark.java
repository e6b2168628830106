package io.traceandtrace.core.bench;

import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.spi.Reporter;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.export.DiscardExporter;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.limits.SpanLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The span life cycle (start, 2 tags, 1 log, finish) on raw Jaeger and on {@link BoundedTracer}
 * over it, sampled and unsampled; and 1,000 logs into one span. Spans go to a no-op reporter so
 * only the tracer is measured.
 *
 * <p>Run: {@code mvn -pl tracing-core -Pbench verify} (add {@code -Djmh.args="..."} for JMH options).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SpanLifecycleBenchmark {

    /**
     * {@code jaeger}: the raw Jaeger tracer, spans to a no-op reporter; {@code bounded}: BoundedTracer over
     * the same; {@code exported}: BoundedTracer whose spans are handed to the export pipeline's queue (its
     * worker drains them to an exporter that discards), as in production.
     */
    @Param({"jaeger", "bounded", "exported"})
    public String tracer;

    @Param({"true", "false"})
    public boolean sampled;

    private JaegerTracer jaeger;
    private Tracer subject;

    @Setup
    public void setUp() {
        Reporter reporter = tracer.equals("exported")
                ? ExportPipeline.builder(new DiscardExporter()).maxQueueSpans(1 << 16).build()
                : new NoopReporter();
        jaeger = new JaegerTracer.Builder("bench").withReporter(reporter)
                .withSampler(new ConstSampler(sampled)).withManualShutdown().build();
        subject = tracer.equals("jaeger")
                ? jaeger
                : BoundedTracer.wrap(jaeger, SpanLimits.builder().maxLogsPerSpan(100).build());
    }

    @TearDown
    public void tearDown() {
        jaeger.close();
    }

    @Benchmark
    public Span lifecycle() {
        Span span = subject.buildSpan("GET /orders/{id}").start();
        span.setTag("http.method", "GET");
        span.setTag("http.status_code", 200);
        span.log("handled");
        span.finish();
        return span;
    }

    @Benchmark
    public Span log1000() {
        Span span = subject.buildSpan("stream").start();
        for (int i = 0; i < 1000; i++) {
            span.log("message");
        }
        span.finish();
        return span;
    }
}
