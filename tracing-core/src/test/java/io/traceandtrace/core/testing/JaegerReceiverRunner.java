package io.traceandtrace.core.testing;

import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.agent.thrift.Agent;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.transport.TMemoryInputTransport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A Jaeger receiver for the load scripts in {@code sample-app/bench}: the collector's HTTP endpoint
 * ({@link JaegerCollector}) or an agent's UDP socket, decoding with jaeger-thrift's own classes.
 * {@code GET /count} on the control port answers the spans decoded so far.
 *
 * <p>Usage: {@code JaegerReceiverRunner http|udp <control port>}; prints the receiving port (HTTP
 * endpoint URL or UDP port) on its first line.
 */
public final class JaegerReceiverRunner {

    private JaegerReceiverRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("http") || args[0].equals("udp"))) {
            System.err.println("usage: JaegerReceiverRunner http|udp <control port>");
            System.exit(2);
        }
        LongSupplier count;
        if (args[0].equals("http")) {
            JaegerCollector collector = JaegerCollector.start();
            System.out.println(collector.endpoint());
            count = collector::spansAccepted;
        } else {
            UdpAgent agent = new UdpAgent();
            System.out.println(agent.socket.getLocalPort());
            count = agent.spans::get;
        }
        HttpServer control = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])), 0);
        control.createContext("/count", exchange -> {
            byte[] body = Long.toString(count.getAsLong()).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        control.start();
        System.out.flush();
    }

    /** An agent's UDP socket: every datagram decoded as a compact Thrift emitBatch call. */
    private static final class UdpAgent {
        final DatagramSocket socket;
        final AtomicLong spans = new AtomicLong();
        final AtomicLong undecodable = new AtomicLong();

        UdpAgent() throws IOException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            socket.setReceiveBufferSize(8 << 20); // the kernel caps it at net.core.rmem_max
            System.err.println("UDP receive buffer: " + socket.getReceiveBufferSize() + " bytes");
            Thread reader = new Thread(this::read, "udp-agent");
            reader.start();
        }

        private void read() {
            byte[] buffer = new byte[65_535];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (true) {
                try {
                    packet.setLength(buffer.length);
                    socket.receive(packet);
                    TCompactProtocol protocol = new TCompactProtocol(
                            new TMemoryInputTransport(Arrays.copyOf(packet.getData(), packet.getLength())));
                    TMessage message = protocol.readMessageBegin();
                    if (!message.name.equals("emitBatch")) {
                        undecodable.incrementAndGet();
                        continue;
                    }
                    Agent.emitBatch_args call = new Agent.emitBatch_args();
                    call.read(protocol);
                    spans.addAndGet(call.getBatch().getSpansSize());
                } catch (TException e) {
                    undecodable.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }
    }
}
