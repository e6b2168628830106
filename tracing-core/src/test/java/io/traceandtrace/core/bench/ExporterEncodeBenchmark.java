package io.traceandtrace.core.bench;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.NoopReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentracing.Scope;
import io.traceandtrace.core.export.HttpTransport;
import io.traceandtrace.core.export.SpanExporter;
import io.traceandtrace.core.export.jaeger.JaegerHttpExporter;
import io.traceandtrace.core.export.jaeger.JaegerUdpExporter;
import io.traceandtrace.core.export.otlp.OtlpHttpExporter;
import io.traceandtrace.core.export.skywalking.SkyWalkingExporter;
import io.traceandtrace.core.export.zipkin.ZipkinExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import zipkin2.reporter.Encoding;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one finished span costs each exporter to turn into the bytes it puts in a message: a
 * server span with its child's context, 7 tags and 2 logs, like one request of the sample app.
 * OTLP is measured to its bytes too (translation into opentelemetry-proto, then serialization), as
 * the other exporters produce bytes in {@code encode}. SkyWalking is measured to what the export
 * thread does per span, encode and size: its segments are serialized by gRPC when sent (the span
 * here, made by a plain Jaeger tracer, is a segment of its own). The bytes per span are printed at set-up.
 *
 * <p>Run: {@code mvn -pl tracing-core -am -Pbench verify -Djmh.args="ExporterEncodeBenchmark -prof gc"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class ExporterEncodeBenchmark {

    @Param({"otlp", "jaeger-compact", "jaeger-binary", "zipkin-json", "zipkin-proto3", "skywalking"})
    public String exporter;

    private JaegerTracer tracer;
    private JaegerSpan span;
    private SpanExporter<Object> subject;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        tracer = new JaegerTracer.Builder("bench-service").withReporter(new NoopReporter())
                .withSampler(new ConstSampler(true)).withTag("region", "eu-west-1").withManualShutdown().build();
        io.opentracing.Span parent = tracer.buildSpan("GET /hello").withTag("span.kind", "server").start();
        try (Scope ignored = tracer.activateSpan(parent)) {
            io.opentracing.Span child = tracer.buildSpan("Greeter/SayHello").start();
            child.setTag("span.kind", "client");
            child.setTag("component", "java-grpc");
            child.setTag("rpc.system", "grpc");
            child.setTag("rpc.service", "helloworld.Greeter");
            child.setTag("peer.address", "127.0.0.1:9090");
            child.setTag("grpc.status_code", 0L);
            child.setTag("error", false);
            child.log(Map.of("event", "message sent", "message.size", 24));
            child.log(Map.of("event", "message received", "message.size", 31));
            child.finish();
            span = (JaegerSpan) child;
        }
        parent.finish();
        HttpTransport.Builder http = HttpTransport.to(URI.create("http://localhost:1/unused"), "application/octet-stream");
        subject = (SpanExporter<Object>) switch (exporter) {
            case "otlp" -> new OtlpHttpExporter(http);
            case "jaeger-compact" -> new JaegerUdpExporter("localhost", 6831);
            case "jaeger-binary" -> new JaegerHttpExporter(http);
            case "zipkin-json" -> new ZipkinExporter(Encoding.JSON, http);
            case "zipkin-proto3" -> new ZipkinExporter(Encoding.PROTO3, http);
            case "skywalking" -> new SkyWalkingExporter("localhost:1", null, "bench-service", "bench-1@host",
                    Duration.ofSeconds(1));
            default -> throw new IllegalArgumentException(exporter);
        };
        System.out.println(exporter + ": " + subject.sizeInMessage(subject.encode(span)) + " bytes per span");
    }

    @TearDown
    public void tearDown() {
        subject.close();
        tracer.close();
    }

    @Benchmark
    public Object encode() {
        Object encoded = subject.encode(span);
        if (encoded instanceof Span otlp) {
            return otlp.toByteArray();
        }
        return encoded instanceof byte[] ? encoded : subject.sizeInMessage(encoded);
    }
}
