package io.traceandtrace.core.limits;

/**
 * What one span may hold, as one immutable value.
 *
 * <p>Defaults: at most {@value #DEFAULT_MAX_LOGS_PER_SPAN} logs per span, unsampled spans trimmed,
 * tag values not truncated.
 */
public final class SpanLimits {

    /** basictracer-go's default {@code MaxLogsPerSpan}. */
    public static final int DEFAULT_MAX_LOGS_PER_SPAN = 100;

    /** Appended to a tag value that was cut. */
    public static final String TRUNCATION_MARK = "\u2026";

    private static final SpanLimits DEFAULTS = builder().build();

    private final int maxLogsPerSpan;
    private final boolean trimUnsampledSpans;
    private final int maxTagValueLength;

    private SpanLimits(Builder builder) {
        this.maxLogsPerSpan = builder.maxLogsPerSpan;
        this.trimUnsampledSpans = builder.trimUnsampledSpans;
        this.maxTagValueLength = builder.maxTagValueLength;
    }

    public static SpanLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Logs kept per span; 0 means unlimited. */
    public int maxLogsPerSpan() {
        return maxLogsPerSpan;
    }

    /** Whether tags and logs on an unsampled span are dropped at once. */
    public boolean trimUnsampledSpans() {
        return trimUnsampledSpans;
    }

    /** Characters kept of a string tag value; 0 means no limit. */
    public int maxTagValueLength() {
        return maxTagValueLength;
    }

    /** The value cut to {@link #maxTagValueLength()} characters, with an ellipsis marking the cut. */
    String truncate(String value) {
        if (maxTagValueLength == 0 || value == null || value.length() <= maxTagValueLength) {
            return value;
        }
        return value.substring(0, maxTagValueLength) + TRUNCATION_MARK;
    }

    public Builder toBuilder() {
        return new Builder().maxLogsPerSpan(maxLogsPerSpan)
                .trimUnsampledSpans(trimUnsampledSpans)
                .maxTagValueLength(maxTagValueLength);
    }

    @Override
    public String toString() {
        return "SpanLimits{maxLogsPerSpan=" + maxLogsPerSpan + ", trimUnsampledSpans=" + trimUnsampledSpans
                + ", maxTagValueLength=" + maxTagValueLength + '}';
    }

    public static final class Builder {
        private int maxLogsPerSpan = DEFAULT_MAX_LOGS_PER_SPAN;
        private boolean trimUnsampledSpans = true;
        private int maxTagValueLength = 0;

        private Builder() {
        }

        /** Logs kept per span (basictracer's {@code MaxLogsPerSpan}); 0 means unlimited. */
        public Builder maxLogsPerSpan(int maxLogsPerSpan) {
            if (maxLogsPerSpan < 0) {
                throw new IllegalArgumentException("maxLogsPerSpan must be >= 0 (0 = unlimited), was " + maxLogsPerSpan);
            }
            this.maxLogsPerSpan = maxLogsPerSpan;
            return this;
        }

        /** Drop tags and logs on unsampled spans instead of recording them. */
        public Builder trimUnsampledSpans(boolean trimUnsampledSpans) {
            this.trimUnsampledSpans = trimUnsampledSpans;
            return this;
        }

        /** Truncate longer string tag values to this many characters plus an ellipsis; 0 means no limit. */
        public Builder maxTagValueLength(int maxTagValueLength) {
            if (maxTagValueLength < 0) {
                throw new IllegalArgumentException("maxTagValueLength must be >= 0 (0 = no limit), was " + maxTagValueLength);
            }
            this.maxTagValueLength = maxTagValueLength;
            return this;
        }

        public SpanLimits build() {
            return new SpanLimits(this);
        }
    }
}
