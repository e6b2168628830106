package io.traceandtrace.core.skywalking;

import io.opentracing.tag.Tags;

import java.util.Map;

/** Where an Exit span calls, in SkyWalking's {@code host:port} form, from OpenTracing's peer tags. */
public final class PeerAddress {

    private PeerAddress() {
    }

    /** {@code peer.address}, else {@code peer.hostname} (or {@code peer.ipv4}) with {@code :peer.port}; null if none. */
    public static String of(Map<String, Object> tags) {
        Object address = tags.get("peer.address");
        if (address != null) {
            return address.toString();
        }
        Object host = tags.get(Tags.PEER_HOSTNAME.getKey());
        if (host == null) {
            host = tags.get(Tags.PEER_HOST_IPV4.getKey());
        }
        Object port = tags.get(Tags.PEER_PORT.getKey());
        return host == null ? null : port == null ? host.toString() : host + ":" + port;
    }
}
