package io.traceandtrace.core.bench;

import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.spi.Sampler;
import io.opentracing.Span;
import io.traceandtrace.core.sampling.RuleBasedSampler;
import io.traceandtrace.core.sampling.SamplingRequest;
import io.traceandtrace.core.settings.SamplingRule;
import io.traceandtrace.core.settings.SamplerType;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What per-route sampling rules cost a root span (start + finish): no rules, ten HTTP rules with
 * the request matching the last one, and ten rules matching nothing (the global sampler decides).
 *
 * <p>Run: {@code mvn -pl tracing-core -Pbench verify -Djmh.args="RuleSampling -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RuleSamplingBenchmark {

    /** {@code none}: the global sampler only; {@code last}: the 10th of 10 rules matches; {@code miss}: none of 10 does. */
    @Param({"none", "last", "miss"})
    public String rules;

    private JaegerTracer tracer;
    private SamplingRequest request;

    @Setup
    public void setUp() {
        Sampler global = new ConstSampler(true);
        List<SamplingRule> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(SamplingRule.of("sampler.rules[" + i + "]", "GET", "/api/v" + i + "/orders/{id}/**", null, null,
                    SamplerType.CONST, 1d));
        }
        Sampler sampler = rules.equals("none") ? global : new RuleBasedSampler(list, global);
        tracer = new JaegerTracer.Builder("bench").withReporter(new NoopReporter()).withSampler(sampler)
                .withManualShutdown().build();
        request = SamplingRequest.http("GET", rules.equals("miss") ? "/other/42/items" : "/api/v9/orders/42/items");
    }

    @TearDown
    public void tearDown() {
        tracer.close();
    }

    @Benchmark
    public Span rootSpan() {
        Span span = request.around(() -> tracer.buildSpan("GET").start());
        span.finish();
        return span;
    }
}
