package io.traceandtrace.core.export.jaeger;

import io.traceandtrace.core.export.ExportException;
import org.apache.thrift.protocol.TCompactProtocol;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Spans to a Jaeger agent: compact Thrift {@code emitBatch} calls, one per UDP datagram, each within
 * the agent's 65,000-byte packet limit. The socket is not connected, so an agent that is not
 * listening costs nothing and logs nothing: UDP gives no delivery signal to act on. For the same
 * reason the agent's host is looked up again every {@link #RESOLVE_INTERVAL} (as jaeger-client-go
 * does), so an agent that moved to another address is found. A span that cannot fit in a datagram
 * alone is dropped as unencodable at once.
 */
public final class JaegerUdpExporter extends ThriftExporter {

    /** The largest datagram a Jaeger agent reads. */
    public static final int MAX_PACKET_BYTES = 65_000;
    /** Room left in each datagram for the call, the batch and the process. */
    private static final int ENVELOPE_BYTES = 4_096;
    /** How long one lookup of the agent's host is used. */
    public static final Duration RESOLVE_INTERVAL = Duration.ofSeconds(30);

    /** Looks a host name up; the JDK's resolver outside tests. */
    interface Resolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    private final String host;
    private final int port;
    private final Resolver resolver;
    private final long resolveIntervalNanos;
    private final DatagramSocket socket;
    private InetSocketAddress address; // the export thread's only
    private long resolvedAtNanos; // the export thread's only

    public JaegerUdpExporter(String host, int port) {
        this(host, port, InetAddress::getByName, RESOLVE_INTERVAL);
    }

    JaegerUdpExporter(String host, int port, Resolver resolver, Duration resolveInterval) {
        super(new TCompactProtocol.Factory());
        this.host = host;
        this.port = port;
        this.resolver = resolver;
        this.resolveIntervalNanos = resolveInterval.toNanos();
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
        if (packet.length > MAX_PACKET_BYTES) {
            if (spans.size() == 1) {
                // the process tags took more than the envelope's room: no retry can make it fit
                throw ExportException.unencodable("a span of " + spans.get(0).length + " bytes makes a datagram of "
                        + packet.length + " bytes with the process tags, over the agent's " + MAX_PACKET_BYTES
                        + "; lower tracing.span.max-logs or the process tags");
            }
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
        long now = System.nanoTime();
        if (address == null || now - resolvedAtNanos >= resolveIntervalNanos) {
            try {
                address = new InetSocketAddress(resolver.resolve(host), port);
                resolvedAtNanos = now;
            } catch (UnknownHostException e) {
                if (address == null) {
                    throw ExportException.transientFailure("the Jaeger agent's host " + host + " does not resolve", e, null);
                }
                resolvedAtNanos = now; // a lookup that fails keeps the last address until the next one
            }
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
