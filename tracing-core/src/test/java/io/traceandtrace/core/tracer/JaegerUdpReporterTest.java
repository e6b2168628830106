package io.traceandtrace.core.tracer;

import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.settings.ReporterType;
import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the jaeger-udp reporter puts on the wire, read by a real UDP socket and jaeger-thrift's own classes. */
class JaegerUdpReporterTest {

    @Test
    void agentReceivesCompactThriftBatches() throws Exception {
        try (DatagramSocket agent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            agent.setSoTimeout(5_000);
            TracerSettings settings = WireScenario.settings()
                    .reporterType(ReporterType.JAEGER_UDP)
                    .agentHost("127.0.0.1").agentPort(agent.getLocalPort())
                    .build();
            WireScenario.sendAndClose(TracerFactory.create(settings));

            List<Batch> batches = new ArrayList<>();
            int spans = 0;
            byte[] buffer = new byte[65_000];
            while (spans < 2) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    agent.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                TCompactProtocol protocol = new TCompactProtocol(
                        new TMemoryInputTransport(Arrays.copyOf(packet.getData(), packet.getLength())));
                TMessage message = protocol.readMessageBegin();
                assertThat(message.name).isEqualTo("emitBatch");
                assertThat(message.type).isEqualTo(TMessageType.ONEWAY);
                Agent.emitBatch_args args = new Agent.emitBatch_args();
                args.read(protocol);
                batches.add(args.getBatch());
                spans += args.getBatch().getSpansSize();
            }
            WireScenario.assertReceived(batches);
        }
    }
}
