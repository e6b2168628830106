package io.traceandtrace.core.export;

import java.time.Duration;

/** A message that could not be sent, and whether sending it again may work. */
public final class ExportException extends Exception {

    private final boolean retryable;
    private final boolean unencodable;
    private final Duration retryAfter;
    private final int rejectedSpans;

    private ExportException(String message, Throwable cause, boolean retryable, boolean unencodable, Duration retryAfter,
                            int rejectedSpans) {
        super(message, cause, false, cause != null);
        this.retryable = retryable;
        this.unencodable = unencodable;
        this.retryAfter = retryAfter;
        this.rejectedSpans = rejectedSpans;
    }

    /** Refused, reset, timed out, or 429/502/503/504: worth retrying, after {@code retryAfter} if the server said so. */
    public static ExportException transientFailure(String message, Throwable cause, Duration retryAfter) {
        return new ExportException(message, cause, true, false, retryAfter, 0);
    }

    /** The server rejected the message for good (say a 400 or 401): retrying cannot help. */
    public static ExportException permanentFailure(String message, Throwable cause) {
        return new ExportException(message, cause, false, false, null, 0);
    }

    /** The message cannot be put on the wire as it is (say one span larger than a datagram): dropped as unencodable. */
    public static ExportException unencodable(String message) {
        return new ExportException(message, null, false, true, null, 0);
    }

    /**
     * The receiver took the message but refused {@code spans} of its spans for good (OTLP's partial
     * success): those are dropped as rejected, the rest count as sent, and nothing is retried.
     */
    public static ExportException rejected(int spans, String message) {
        if (spans < 1) {
            throw new IllegalArgumentException("a rejection is of one span or more, was " + spans);
        }
        return new ExportException(message, null, false, false, null, spans);
    }

    public boolean retryable() {
        return retryable;
    }

    /** Whether the spans themselves cannot be sent, whoever receives them. */
    public boolean unencodable() {
        return unencodable;
    }

    /** What the server asked for in {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Spans of a delivered message the receiver refused, or 0 when the message as a whole failed. */
    public int rejectedSpans() {
        return rejectedSpans;
    }
}
