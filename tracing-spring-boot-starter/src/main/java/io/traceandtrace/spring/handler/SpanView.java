package io.traceandtrace.spring.handler;

import io.opentracing.Span;

/** A {@link Span} seen through {@link SpanCustomizer}: hooks edit it, the handler owns it. */
record SpanView(Span span) implements SpanCustomizer {

    @Override
    public SpanCustomizer name(String name) {
        if (name != null && !name.isBlank()) {
            span.setOperationName(name);
        }
        return this;
    }

    @Override
    public SpanCustomizer tag(String key, String value) {
        span.setTag(key, value);
        return this;
    }

    @Override
    public SpanCustomizer tag(String key, Number value) {
        span.setTag(key, value);
        return this;
    }

    @Override
    public SpanCustomizer tag(String key, boolean value) {
        span.setTag(key, value);
        return this;
    }

    @Override
    public SpanCustomizer event(String event) {
        span.log(event);
        return this;
    }
}
