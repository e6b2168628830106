package io.traceandtrace.core.export.jaeger;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.tracer.TracerFactory;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Jaeger agent exporter with real UDP sockets, read with jaeger-thrift's own classes. */
class JaegerUdpExporterTest {

    private static JaegerTracer tracer(ExportPipeline<?> pipeline, String processTag) {
        JaegerTracer.Builder builder = new JaegerTracer.Builder("udp-test").withReporter(pipeline)
                .withSampler(new ConstSampler(true)).withManualShutdown();
        if (processTag != null) {
            builder.withTag("big", processTag);
        }
        return builder.build();
    }

    private static io.jaegertracing.thriftjava.Span spanReceived(DatagramSocket agent) throws Exception {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        agent.receive(packet);
        TCompactProtocol protocol = new TCompactProtocol(
                new TMemoryInputTransport(Arrays.copyOf(packet.getData(), packet.getLength())));
        protocol.readMessageBegin();
        Agent.emitBatch_args args = new Agent.emitBatch_args();
        args.read(protocol);
        return args.getBatch().getSpans().get(0);
    }

    private static String operationReceived(DatagramSocket agent) throws Exception {
        return spanReceived(agent).getOperationName();
    }

    @Test
    void anAgentThatMovedToAnotherAddressIsFoundAgain() throws Exception {
        try (DatagramSocket first = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket moved = new DatagramSocket(new InetSocketAddress("127.0.0.2", first.getLocalPort()))) {
            first.setSoTimeout(5_000);
            moved.setSoTimeout(5_000);
            AtomicReference<InetAddress> dns = new AtomicReference<>(InetAddress.getByName("127.0.0.1"));
            JaegerUdpExporter exporter = new JaegerUdpExporter("jaeger-agent", first.getLocalPort(),
                    host -> dns.get(), Duration.ZERO);
            ExportPipeline<byte[]> pipeline = ExportPipeline.builder(exporter).flushInterval(Duration.ofMillis(10)).build();
            try (JaegerTracer tracer = tracer(pipeline, null)) {
                tracer.buildSpan("before-the-move").start().finish();
                assertThat(operationReceived(first)).isEqualTo("before-the-move");

                dns.set(InetAddress.getByName("127.0.0.2"));
                tracer.buildSpan("after-the-move").start().finish();
                assertThat(operationReceived(moved)).isEqualTo("after-the-move");
            }
        }
    }

    @Test
    void aSpanThatCannotFitInADatagramIsDroppedAsUnencodableAtOnce() throws Exception {
        try (DatagramSocket agent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            agent.setSoTimeout(1_000);
            JaegerUdpExporter exporter = new JaegerUdpExporter("127.0.0.1", agent.getLocalPort());
            ExportPipeline<byte[]> pipeline = ExportPipeline.builder(exporter).flushInterval(Duration.ofMillis(10))
                    .maxRetryAge(Duration.ofHours(1)).build();
            // 8 KB of process tags take more room than the envelope keeps; the span alone still fits the limit
            try (JaegerTracer tracer = tracer(pipeline, "p".repeat(8_000))) {
                tracer.buildSpan("huge").withTag("payload", "x".repeat(58_000)).start().finish();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> pipeline.stats().snapshot().dropped(DropReason.UNENCODABLE) == 1);
                assertThat(pipeline.stats().snapshot().sent()).isZero();
                assertThat(pipeline.stats().snapshot().retries()).isZero();

                tracer.buildSpan("small").start().finish();
                String received;
                try {
                    received = operationReceived(agent);
                } catch (SocketTimeoutException e) {
                    received = null;
                }
                assertThat(received).isEqualTo("small");
            }
        }
    }

    /** Our tracer marks its own traces in bits of the context's flags Jaeger does not define; the agent gets Jaeger's only. */
    @Test
    void theAgentGetsJaegerFlagsOnly() throws Exception {
        try (DatagramSocket agent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            agent.setSoTimeout(5_000);
            TracerSettings settings = TracerSettings.builder("udp-test").samplerType(SamplerType.CONST).samplerParam(1.0)
                    .reporterType(ReporterType.JAEGER_UDP).agentHost("127.0.0.1").agentPort(agent.getLocalPort())
                    .flushInterval(Duration.ofMillis(10)).build();
            try (BoundedTracer tracer = new TracerFactory(settings).create()) {
                tracer.buildSpan("root").start().finish();
                assertThat(spanReceived(agent).getFlags()).as("sampled, nothing else").isEqualTo(1);
            }
        }
    }
}
