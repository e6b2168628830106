package io.traceandtrace.spring.bench;

import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.traceandtrace.core.concurrent.MdcScopeManager;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.propagation.PropagationFormat;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.grpc.TracingClientInterceptor;
import io.traceandtrace.spring.grpc.TracingServerInterceptor;
import io.traceandtrace.spring.grpc.echo.EchoGrpc;
import io.traceandtrace.spring.grpc.echo.EchoReply;
import io.traceandtrace.spring.grpc.echo.EchoRequest;
import io.traceandtrace.spring.handler.ClientSpanHandler;
import io.traceandtrace.spring.handler.ServerSpanHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One unary gRPC call over a real socket (grpc-java's Netty transport on loopback, client and server in this
 * JVM), untraced and traced by the starter's interceptors with each set of propagation formats: what a gRPC
 * hop costs with tracing, and what each format written into the call's metadata adds (every header goes
 * through HPACK on the client and the server, and a header whose value is new on every call, a trace or span
 * id, is a literal the server's decoder adds to its table). Traced calls run under a sampled parent span, as a
 * call made while serving a request does; spans are made and finished, nothing is sent ({@code reporter none}).
 * With {@code observations=true}, Micrometer's gRPC observations run on both sides too, with its meter handler: what
 * an untraced app with Actuator and net.devh pays per call, and what this starter switches off by default.
 * A call's latency is mostly thread hand-offs; each iteration also prints the process's CPU time a call
 * ({@code [cpu]} lines), the figure to compare: run with the JVM on one CPU ({@code taskset -c 1}).
 *
 * <p>Run: {@code mvn -pl tracing-spring-boot-starter -am -Pbench-starter -DskipTests verify -Djmh.args="GrpcHopBenchmark -prof gc"}
 * under {@code taskset -c 1}, then {@code grep cpu}: the last five lines of each variant (after 20 warm-up iterations).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20, time = 2) // the CPU a call keeps falling for about 15 iterations
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class GrpcHopBenchmark {

    /** {@code untraced}: no interceptors; otherwise the formats read and written, joined by {@code +}. */
    @Param({"untraced", "w3c", "b3", "jaeger", "jaeger+w3c+b3"})
    public String propagation;

    /**
     * {@code true}: Micrometer's gRPC observations on both sides too (net.devh registers them unless
     * {@code management.tracing.grpc.enabled=false}, which this starter sets), with Micrometer's meter handler:
     * the {@code grpc.server} and {@code grpc.client} timers an untraced app with Actuator has.
     */
    @Param({"false", "true"})
    public boolean observations;

    private BoundedTracer tracer;
    private Server server;
    private ManagedChannel channel;
    private EchoGrpc.EchoBlockingStub stub;
    private final EchoRequest request = EchoRequest.newBuilder().setText("hop").build();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // this iteration's calls, and the process's and the calling thread's CPU time at its start
    private long calls;
    private long cpuAtStart;
    private long callerCpuAtStart;

    @Setup
    public void setUp() throws Exception {
        EchoGrpc.EchoImplBase echo = new EchoGrpc.EchoImplBase() {
            @Override
            public void unary(EchoRequest request, StreamObserver<EchoReply> replies) {
                replies.onNext(EchoReply.newBuilder().setText(request.getText()).build());
                replies.onCompleted();
            }
        };
        ServerServiceDefinition service = echo.bindService();
        ClientInterceptor clientObservations = null;
        if (observations) {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
            service = ServerInterceptors.intercept(service, new ObservationGrpcServerInterceptor(registry));
            clientObservations = new ObservationGrpcClientInterceptor(registry);
        }
        if (!propagation.equals("untraced")) {
            List<PropagationFormat> formats = Arrays.stream(propagation.split("\\+")).map(PropagationFormat::of).toList();
            tracer = new TracerFactory(TracerSettings.builder("bench").reporterType(ReporterType.NONE)
                    .samplerType(SamplerType.CONST).samplerParam(1.0).propagation(formats).build())
                    .scopeManager(new MdcScopeManager(TracingAutoConfiguration.MDC_TRACE_ID,
                            TracingAutoConfiguration.MDC_SPAN_ID, TracingAutoConfiguration.MDC_SAMPLED))
                    .create();
            // outermost, as the starter orders its interceptors
            service = ServerInterceptors.intercept(service,
                    new TracingServerInterceptor(ServerSpanHandler.grpc(tracer, List.of()), Set.of(), false));
        }
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(service).build().start();
        var channelBuilder = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create());
        if (clientObservations != null) {
            channelBuilder.intercept(clientObservations);
        }
        if (tracer != null) {
            channelBuilder.intercept(new TracingClientInterceptor(ClientSpanHandler.grpc(tracer, List.of()), Set.of(), false));
        }
        channel = channelBuilder.build();
        stub = EchoGrpc.newBlockingStub(channel);
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        calls = 0;
        cpuAtStart = os.getProcessCpuTime();
        callerCpuAtStart = threads.getCurrentThreadCpuTime();
    }

    /**
     * The process's CPU time per call in this iteration, every thread (client, server, Netty, GC, JIT) included,
     * and the calling thread's share (JMH runs iteration set-up and tear-down on the benchmark thread).
     */
    @TearDown(Level.Iteration)
    public void printCpuPerCall() {
        long caller = threads.getCurrentThreadCpuTime() - callerCpuAtStart;
        long cpu = os.getProcessCpuTime() - cpuAtStart;
        long n = Math.max(1, calls);
        System.out.printf("%n[cpu] %s%s %.1f us of CPU a call, %.1f on the calling thread (%d calls)%n", propagation,
                observations ? "+observations" : "",
                cpu / 1000.0 / n, caller / 1000.0 / n, calls);
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        if (tracer != null) {
            tracer.close();
        }
    }

    @Benchmark
    public EchoReply unaryCall() {
        calls++;
        if (tracer == null) {
            return stub.unary(request);
        }
        Span parent = tracer.buildSpan("GET /hello").start();
        try (Scope ignored = tracer.activateSpan(parent)) {
            return stub.unary(request);
        } finally {
            parent.finish();
        }
    }
}
