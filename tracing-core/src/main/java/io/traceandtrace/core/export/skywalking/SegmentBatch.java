package io.traceandtrace.core.export.skywalking;

import org.apache.skywalking.apm.network.language.agent.v3.SegmentObject;

import java.util.List;

/**
 * What one finished span adds to a message: the segments it completed. Usually none (its segment
 * still waits for its first span), one when it is a segment's first span, more when holding was
 * cut short.
 */
public final class SegmentBatch {

    static final SegmentBatch NONE = new SegmentBatch(List.of());
    /** A segment's framing on the stream, beyond its own bytes. */
    private static final int FRAMING_BYTES = 8;

    private final List<SegmentObject> segments;
    private final int bytes;

    SegmentBatch(List<SegmentObject> segments) {
        this.segments = List.copyOf(segments);
        int total = 0;
        for (SegmentObject segment : segments) {
            total += segment.getSerializedSize() + FRAMING_BYTES;
        }
        this.bytes = total;
    }

    public List<SegmentObject> segments() {
        return segments;
    }

    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "SegmentBatch{" + segments.size() + " segments, " + bytes + " bytes}";
    }
}
