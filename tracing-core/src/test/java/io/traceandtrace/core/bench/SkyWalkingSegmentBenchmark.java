package io.traceandtrace.core.bench;

import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentracing.Span;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.propagation.MultiFormatCodec;
import io.traceandtrace.core.propagation.PropagationFormat;
import io.traceandtrace.core.skywalking.SkyWalkingObjectFactory;
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
 * What SkyWalking segments cost at span start: an entry, a local and an exit span (the sample
 * app's request) on plain Jaeger spans and on spans that carry segments; and writing the exit's
 * headers in jaeger format alone or in jaeger and sw8.
 *
 * <p>Run: {@code mvn -pl tracing-core -Pbench verify -Djmh.args="SkyWalkingSegmentBenchmark -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SkyWalkingSegmentBenchmark {

    /** {@code jaeger}: Jaeger's own spans; {@code skywalking}: spans with segments, headers with sw8 too. */
    @Param({"jaeger", "skywalking"})
    public String spans;

    private JaegerTracer tracer;

    @Setup
    public void setUp() {
        boolean skywalking = spans.equals("skywalking");
        JaegerTracer.Builder builder = skywalking
                ? SkyWalkingObjectFactory.tracerBuilder("bench", "bench-1@host")
                : new JaegerTracer.Builder("bench");
        List<PropagationFormat> formats = skywalking
                ? List.of(PropagationFormat.SW8, PropagationFormat.JAEGER) : List.of(PropagationFormat.JAEGER);
        MultiFormatCodec codec = MultiFormatCodec.of(formats, true);
        tracer = builder.withReporter(new NoopReporter()).withSampler(new ConstSampler(true)).withManualShutdown()
                .registerInjector(Format.Builtin.HTTP_HEADERS, codec)
                .registerExtractor(Format.Builtin.HTTP_HEADERS, codec).build();
    }

    @TearDown
    public void tearDown() {
        tracer.close();
    }

    @Benchmark
    public Map<String, String> entryLocalExit() {
        Span entry = tracer.buildSpan("GET /hello").withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER).start();
        Span local = tracer.buildSpan("GreetingService.greet").asChildOf(entry).start();
        Span exit = tracer.buildSpan("sample.Greeter/SayHello").asChildOf(local)
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT).start();
        exit.setTag("peer.address", "127.0.0.1:9090");
        Map<String, String> headers = new HashMap<>();
        tracer.inject(exit.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        exit.finish();
        local.finish();
        entry.finish();
        return headers;
    }
}
