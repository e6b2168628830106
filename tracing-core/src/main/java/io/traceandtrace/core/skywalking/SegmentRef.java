package io.traceandtrace.core.skywalking;

/**
 * What a segment's first span points at in SkyWalking's terms: the caller's Exit span in another
 * process ({@link #crossProcess()}), or a span of an earlier segment of this process.
 */
public record SegmentRef(boolean crossProcess, String traceId, String parentSegmentId, int parentSpanId,
                         String parentService, String parentInstance, String parentEndpoint,
                         String networkAddressUsedAtPeer) {
}
