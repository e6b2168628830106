package io.traceandtrace.spring.handler;

import io.opentracing.Span;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * How one kind of call is named and tagged: our defaults at start and at finish, then the user's
 * hooks. Handlers decide when spans start and end; conventions decide what they say.
 */
abstract class Convention<X extends Exchange> {

    private final List<BiConsumer<X, SpanCustomizer>> hooks;

    Convention(List<BiConsumer<X, SpanCustomizer>> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    /** The name the span starts with. */
    abstract String name(X exchange);

    /** Our tags at start (the span kind is the handler's). */
    abstract void onStart(X exchange, Span span);

    /** Our name, status and error mapping at the end. */
    abstract void onFinish(X exchange, Span span);

    final List<BiConsumer<X, SpanCustomizer>> hooks() {
        return hooks;
    }
}
