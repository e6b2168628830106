package io.traceandtrace.core.bench;

import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.traceandtrace.core.concurrent.MdcScopeManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

import java.util.concurrent.TimeUnit;

/**
 * Scopes of the MDC scope manager, in the patterns a traced request makes them:
 * {@code child}: a child span's scope on a thread where its parent's is open (a {@code @Traced}
 * method, a JDBC span); {@code callbacks}: four scopes of one span on a thread where none is open
 * (the gRPC server listener's callbacks on an executor thread); {@code again}: a scope of the span
 * already active (the gRPC client listener's callbacks on the calling thread).
 *
 * <p>Run: {@code mvn -pl tracing-core -Pbench verify -Djmh.args="MdcScopeBenchmark -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class MdcScopeBenchmark {

    private JaegerTracer tracer;
    private Span parent;
    private Span child;

    @Setup
    public void setUp() {
        tracer = new JaegerTracer.Builder("bench").withReporter(new NoopReporter())
                .withSampler(new ConstSampler(true))
                .withScopeManager(new MdcScopeManager("traceId", "spanId", "sampled"))
                .withManualShutdown().build();
        parent = tracer.buildSpan("parent").start();
        child = tracer.buildSpan("child").asChildOf(parent).start();
    }

    @TearDown
    public void tearDown() {
        tracer.close();
        MDC.clear();
    }

    /** The parent's scope stays open for the {@code child} and {@code again} benchmarks. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class ParentOpen {
        Scope scope;

        @Setup(Level.Iteration)
        public void open(MdcScopeBenchmark b) {
            scope = b.tracer.activateSpan(b.parent);
        }

        @TearDown(Level.Iteration)
        public void close() {
            scope.close();
        }
    }

    @Benchmark
    public Span child(ParentOpen open) {
        try (Scope ignored = tracer.activateSpan(child)) {
            return tracer.activeSpan();
        }
    }

    @Benchmark
    public Span again(ParentOpen open) {
        try (Scope ignored = tracer.activateSpan(parent)) {
            return tracer.activeSpan();
        }
    }

    @Benchmark
    public Span callbacks() {
        Span seen = null;
        for (int i = 0; i < 4; i++) {
            try (Scope ignored = tracer.activateSpan(child)) {
                seen = tracer.activeSpan();
            }
        }
        return seen;
    }
}
