package io.traceandtrace.spring.handler;

/**
 * What a user hook may change on a span: its name, tags and events, never its life (a hook cannot
 * finish the span or make it active).
 */
public interface SpanCustomizer {

    /** Renames the span. */
    SpanCustomizer name(String name);

    SpanCustomizer tag(String key, String value);

    SpanCustomizer tag(String key, Number value);

    SpanCustomizer tag(String key, boolean value);

    /** Adds an event (a span log) at the current time. */
    SpanCustomizer event(String event);
}
