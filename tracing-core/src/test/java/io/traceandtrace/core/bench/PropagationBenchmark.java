package io.traceandtrace.core.bench;

import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.limits.SpanLimits;
import io.traceandtrace.core.propagation.MultiFormatCodec;
import io.traceandtrace.core.propagation.PropagationFormat;
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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One hop of propagation with the default formats (jaeger, w3c, b3): read the caller's headers,
 * start a child span, write the outgoing headers, finish; and the read alone. {@code jaeger}:
 * uber-trace-id and one uberctx item; {@code w3c}: traceparent, tracestate and a baggage header of
 * one item; {@code ours}: uber-trace-id, traceparent and B3's three headers, as this starter sends them.
 *
 * <p>Run: {@code mvn -pl tracing-core -Pbench verify -Djmh.args="PropagationBenchmark -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PropagationBenchmark {

    /** {@code ours}: what this starter sends by default, the trace in three formats and no baggage. */
    @Param({"jaeger", "w3c", "ours"})
    public String headers;

    private JaegerTracer jaeger;
    private Tracer tracer;
    private Map<String, String> incoming;

    @Setup
    public void setUp() {
        MultiFormatCodec codec = MultiFormatCodec.of(List.of(PropagationFormat.JAEGER, PropagationFormat.W3C,
                PropagationFormat.B3), true);
        jaeger = new JaegerTracer.Builder("bench").withReporter(new NoopReporter())
                .withSampler(new ConstSampler(true)).withManualShutdown()
                .registerInjector(Format.Builtin.HTTP_HEADERS, codec)
                .registerExtractor(Format.Builtin.HTTP_HEADERS, codec).build();
        tracer = BoundedTracer.wrap(jaeger, SpanLimits.builder().maxLogsPerSpan(100).build());
        incoming = new HashMap<>();
        incoming.put("accept", "*/*");
        incoming.put("user-agent", "bench");
        incoming.put("host", "localhost:8080");
        if (headers.equals("w3c")) {
            incoming.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            incoming.put("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
            incoming.put("baggage", "user=alice%20smith");
        } else if (headers.equals("ours")) {
            incoming.put("uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1");
            incoming.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            incoming.put("x-b3-traceid", "4bf92f3577b34da6a3ce929d0e0e4736");
            incoming.put("x-b3-spanid", "00f067aa0ba902b7");
            incoming.put("x-b3-sampled", "1");
        } else {
            incoming.put("uber-trace-id", "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1");
            incoming.put("uberctx-user", "alice%20smith");
        }
    }

    @TearDown
    public void tearDown() {
        jaeger.close();
    }

    /** Reading the caller's context only. */
    @Benchmark
    public SpanContext extract() {
        return tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(incoming));
    }

    @Benchmark
    public Map<String, String> hop() {
        SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(incoming));
        Span span = tracer.buildSpan("hop").asChildOf(parent).start();
        Map<String, String> outgoing = new HashMap<>();
        tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(outgoing));
        span.finish();
        return outgoing;
    }
}
