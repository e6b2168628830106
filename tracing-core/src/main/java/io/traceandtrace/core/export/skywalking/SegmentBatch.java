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
    private final int spans;

    SegmentBatch(List<SegmentObject> segments) {
        this.segments = List.copyOf(segments);
        int total = 0;
        int spanCount = 0;
        for (SegmentObject segment : segments) {
            total += segment.getSerializedSize() + FRAMING_BYTES;
            spanCount += segment.getSpansCount();
        }
        this.bytes = total;
        this.spans = spanCount;
    }

    /** The finished spans these segments carry: what the export counts are of. */
    public int spans() {
        return spans;
    }

    public List<SegmentObject> segments() {
        return segments;
    }

    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "SegmentBatch{" + segments.size() + " segments, " + spans + " spans, " + bytes + " bytes}";
    }
}
