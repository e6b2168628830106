package io.traceandtrace.core.export;

/** Why a finished span did not reach the collector. */
public enum DropReason {
    /** The queue was full (spans or bytes) when the span finished. */
    QUEUE_FULL("queue_full"),
    /** Its message failed for good, or kept failing until the retry window closed. */
    SEND_FAILED("send_failed"),
    /** Still queued or in flight when the shutdown deadline passed, or finished after close. */
    SHUTDOWN("shutdown"),
    /** It could not be encoded, or alone it is larger than one message may be. */
    UNENCODABLE("unencodable"),
    /** Its message arrived but the receiver refused this span (OTLP partial success). */
    REJECTED("rejected");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    /** The metric tag value. */
    public String tag() {
        return tag;
    }
}
