package io.traceandtrace.spring.web;

import io.opentracing.Scope;
import io.traceandtrace.spring.contextpropagation.ActiveSpanAccessor;
import io.traceandtrace.spring.handler.CallSpan;
import io.traceandtrace.spring.handler.HttpExchange;
import io.traceandtrace.spring.handler.ServerSpanHandler;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.SignalType;

import java.util.regex.Pattern;

/**
 * The WebFlux adapter of {@link ServerSpanHandler}: one server span per request, named by route
 * template at the end, finished with the status whatever ends the exchange (a handler, a 404, an
 * error, the client going away). The span is active while the chain is subscribed (the handler's
 * synchronous part) and is in Reactor's context under {@link ActiveSpanAccessor#KEY}, where
 * WebClient calls and, with automatic context propagation, every operator find it.
 */
public class TracingWebFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the server span ({@code io.opentracing.Span}), for user code. */
    public static final String SPAN_ATTRIBUTE = TracingWebFilter.class.getName() + ".span";
    static final String COMPONENT = "java-spring-webflux";

    private final ServerSpanHandler<HttpExchange> handler;
    private final Pattern skipPattern;
    private final int order;

    public TracingWebFilter(ServerSpanHandler<HttpExchange> handler, Pattern skipPattern, int order) {
        this.handler = handler;
        this.skipPattern = skipPattern;
        this.order = order;
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (skipPattern != null
                && skipPattern.matcher(exchange.getRequest().getPath().pathWithinApplication().value()).matches()) {
            return chain.filter(exchange);
        }
        WebFluxExchange traced = new WebFluxExchange(exchange);
        CallSpan<HttpExchange> call = handler.start(traced, new ServerHttpRequestCarrier(exchange.getRequest().getHeaders()));
        exchange.getAttributes().put(SPAN_ATTRIBUTE, call.span());
        return new SubscribedUnderSpan(Mono.defer(() -> chain.filter(exchange)), call)
                .doOnError(error -> {
                    if (traced.failed(error)) {
                        call.error(error);
                    }
                })
                .doFinally(signal -> {
                    if (signal == SignalType.CANCEL) {
                        traced.cancelled();
                        call.cancel("the client went away before the response was complete");
                    }
                    tagHandler(exchange, call);
                    call.finish();
                })
                .contextWrite(context -> context.put(ActiveSpanAccessor.KEY, call.span()));
    }

    private static void tagHandler(ServerWebExchange exchange, CallSpan<HttpExchange> call) {
        if (exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod method) {
            call.span().setTag("handler.class", method.getBeanType().getSimpleName());
            call.span().setTag("handler.method", method.getMethod().getName());
        }
    }

    /** Subscribes to the chain with the span active, so the handler and what it calls at once run under it. */
    private static final class SubscribedUnderSpan extends MonoOperator<Void, Void> {
        private final CallSpan<HttpExchange> call;

        SubscribedUnderSpan(Mono<Void> source, CallSpan<HttpExchange> call) {
            super(source);
            this.call = call;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Void> actual) {
            try (Scope ignored = call.activate()) {
                source.subscribe(actual);
            }
        }
    }
}
