package io.traceandtrace.core.export.jaeger;

import io.traceandtrace.core.export.ExportException;
import org.apache.thrift.protocol.TCompactProtocol;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;

/**
 * Spans to a Jaeger agent: compact Thrift {@code emitBatch} calls, one per UDP datagram, each within
 * the agent's 65,000-byte packet limit. The socket is not connected, so an agent that is not
 * listening costs nothing and logs nothing: UDP gives no delivery signal to act on.
 */
public final class JaegerUdpExporter extends ThriftExporter {

    /** The largest datagram a Jaeger agent reads. */
    public static final int MAX_PACKET_BYTES = 65_000;
    /** Room left in each datagram for the call, the batch and the process. */
    private static final int ENVELOPE_BYTES = 4_096;

    private final String host;
    private final int port;
    private final DatagramSocket socket;
    private InetSocketAddress address; // the export thread's only

    public JaegerUdpExporter(String host, int port) {
        super(new TCompactProtocol.Factory());
        this.host = host;
        this.port = port;
        try {
            this.socket = new DatagramSocket();
        } catch (SocketException e) {
            throw new IllegalStateException("Cannot open a UDP socket for the Jaeger agent: " + e.getMessage(), e);
        }
    }

    @Override
    public int maxMessageBytes() {
        return MAX_PACKET_BYTES - ENVELOPE_BYTES;
    }

    @Override
    public void export(List<byte[]> spans) throws ExportException {
        byte[] packet = messages.emitBatch(spans);
        if (packet.length > MAX_PACKET_BYTES && spans.size() > 1) {
            // the process tags took more than the envelope's room: send the halves apart
            int half = spans.size() / 2;
            export(spans.subList(0, half));
            export(spans.subList(half, spans.size()));
            return;
        }
        try {
            socket.send(new DatagramPacket(packet, packet.length, address()));
        } catch (IOException e) {
            address = null; // look the host up again next time
            throw ExportException.transientFailure("cannot send to the Jaeger agent at " + describe() + ": " + e, e, null);
        }
    }

    private InetSocketAddress address() throws ExportException {
        if (address == null || address.isUnresolved()) {
            InetSocketAddress resolved = new InetSocketAddress(host, port);
            if (resolved.isUnresolved()) {
                throw ExportException.transientFailure("the Jaeger agent's host " + host + " does not resolve", null, null);
            }
            address = resolved;
        }
        return address;
    }

    @Override
    public String describe() {
        return "udp://" + host + ":" + port;
    }

    @Override
    public void close() {
        socket.close();
    }
}
