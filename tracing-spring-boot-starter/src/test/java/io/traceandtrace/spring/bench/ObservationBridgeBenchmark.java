package io.traceandtrace.spring.bench;

import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.concurrent.MdcScopeManager;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.limits.SpanLimits;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.observation.TracingObservationHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One observation (start, a key value, open and close its scope, stop) through a registry with no handler (the
 * floor: Micrometer hands out its no-op observation), with a handler that does nothing (Micrometer's own
 * bookkeeping), and with our {@link TracingObservationHandler}; beside it, the same span made directly through
 * the OpenTracing API. The tracer is the starter's: {@link BoundedTracer} over Jaeger, the MDC scope manager,
 * sampled, spans to a no-op reporter so that export is not measured.
 *
 * <p>Run: {@code mvn -pl tracing-spring-boot-starter -am -Pbench-starter verify} (JMH options: {@code -Djmh.args="ObservationBridgeBenchmark -prof gc ..."}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObservationBridgeBenchmark {

    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class Tracing {

        JaegerTracer jaeger;
        Tracer tracer;

        @Setup
        public void setUp() {
            jaeger = new JaegerTracer.Builder("bench").withReporter(new NoopReporter()).withSampler(new ConstSampler(true))
                    .withScopeManager(new MdcScopeManager(TracingAutoConfiguration.MDC_TRACE_ID,
                            TracingAutoConfiguration.MDC_SPAN_ID, TracingAutoConfiguration.MDC_SAMPLED))
                    .withManualShutdown().build();
            tracer = BoundedTracer.wrap(jaeger, SpanLimits.builder().maxLogsPerSpan(100).build());
        }

        @TearDown
        public void tearDown() {
            jaeger.close();
        }
    }

    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class Registry {

        /** {@code none}: no handler; {@code noop}: a handler that does nothing; {@code tracing}: our handler. */
        @Param({"none", "noop", "tracing"})
        public String handler;

        ObservationRegistry registry;

        @Setup
        public void setUp(Tracing tracing) {
            registry = ObservationRegistry.create();
            switch (handler) {
                case "noop" -> registry.observationConfig().observationHandler(new ObservationHandler<>() {
                    @Override
                    public boolean supportsContext(Observation.Context context) {
                        return true;
                    }
                });
                case "tracing" -> registry.observationConfig()
                        .observationHandler(new TracingObservationHandler(tracing.tracer, Set.of()));
                default -> { }
            }
        }
    }

    @Benchmark
    public Observation observation(Registry registry) {
        Observation observation = Observation.createNotStarted("orders.lookup", registry.registry)
                .lowCardinalityKeyValue("orders.kind", "book").start();
        Observation.Scope scope = observation.openScope();
        scope.close();
        observation.stop();
        return observation;
    }

    @Benchmark
    public Span rawSpan(Tracing tracing) {
        Span span = tracing.tracer.buildSpan("orders.lookup").withTag("orders.kind", "book").start();
        Scope scope = tracing.tracer.activateSpan(span);
        scope.close();
        span.finish();
        return span;
    }
}
