package io.traceandtrace.core.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What one span may hold, as one immutable value.
 *
 * <p>Defaults: at most {@value #DEFAULT_MAX_LOGS_PER_SPAN} logs per span, unsampled spans trimmed,
 * tag values not truncated, no tag redacted.
 */
public final class SpanLimits {

    /** basictracer-go's default {@code MaxLogsPerSpan}. */
    public static final int DEFAULT_MAX_LOGS_PER_SPAN = 100;

    /** Appended to a tag value that was cut. */
    public static final String TRUNCATION_MARK = "\u2026";

    /** What a redacted tag's value becomes. */
    public static final String REDACTED = "[REDACTED]";

    /** Tag keys whose values carry secrets: password, token, secret, authorization, api key, cookie and set-cookie. */
    public static final Pattern DEFAULT_REDACTED_TAG_KEYS =
            Pattern.compile("(?i).*(password|passwd|token|secret|authorization|api[-_]?key|cookie).*");

    private static final int MAX_CACHED_KEYS = 4096;
    private static final SpanLimits DEFAULTS = builder().build();

    private final int maxLogsPerSpan;
    private final boolean trimUnsampledSpans;
    private final int maxTagValueLength;
    private final Pattern redactedTagKeys;
    // tag keys are few; deciding once per key keeps the regex off the hot path
    private final ConcurrentHashMap<String, Boolean> redactedKeyCache = new ConcurrentHashMap<>();

    private SpanLimits(Builder builder) {
        this.maxLogsPerSpan = builder.maxLogsPerSpan;
        this.trimUnsampledSpans = builder.trimUnsampledSpans;
        this.maxTagValueLength = builder.maxTagValueLength;
        this.redactedTagKeys = builder.redactedTagKeys;
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

    /** Tag keys whose values are replaced by {@value #REDACTED}; null when none are. */
    public Pattern redactedTagKeys() {
        return redactedTagKeys;
    }

    /** Whether a tag with this key has its value replaced by {@value #REDACTED}. */
    boolean redacts(String key) {
        if (redactedTagKeys == null || key == null) {
            return false;
        }
        Boolean redacted = redactedKeyCache.get(key);
        if (redacted == null) {
            redacted = redactedTagKeys.matcher(key).matches();
            if (redactedKeyCache.size() < MAX_CACHED_KEYS) {
                redactedKeyCache.put(key, redacted);
            }
        }
        return redacted;
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
                .maxTagValueLength(maxTagValueLength)
                .redactedTagKeys(redactedTagKeys);
    }

    @Override
    public String toString() {
        return "SpanLimits{maxLogsPerSpan=" + maxLogsPerSpan + ", trimUnsampledSpans=" + trimUnsampledSpans
                + ", maxTagValueLength=" + maxTagValueLength
                + (redactedTagKeys != null ? ", redactedTagKeys=" + redactedTagKeys : "") + '}';
    }

    public static final class Builder {
        private int maxLogsPerSpan = DEFAULT_MAX_LOGS_PER_SPAN;
        private boolean trimUnsampledSpans = true;
        private int maxTagValueLength = 0;
        private Pattern redactedTagKeys;

        private Builder() {
        }

        /** Tags whose key matches (whole key) get the value {@value #REDACTED}; null redacts nothing. */
        public Builder redactedTagKeys(Pattern redactedTagKeys) {
            this.redactedTagKeys = redactedTagKeys;
            return this;
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
