package io.traceandtrace.spring.web.client;

import io.opentracing.Span;
import io.traceandtrace.spring.contextpropagation.ActiveSpanAccessor;
import io.traceandtrace.spring.handler.CallSpan;
import io.traceandtrace.spring.handler.ClientSpanHandler;
import io.traceandtrace.spring.handler.HttpExchange;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The WebClient adapter of {@link ClientSpanHandler}: a client span per exchange, child of the span
 * active at subscription or, when none is, of the span in Reactor's context (a WebFlux request's).
 */
public class TracingExchangeFilterFunction implements ExchangeFilterFunction {

    private final ClientSpanHandler<HttpExchange> handler;

    public TracingExchangeFilterFunction(ClientSpanHandler<HttpExchange> handler) {
        this.handler = handler;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.deferContextual(context -> {
            HttpHeaders headers = new HttpHeaders();
            headers.addAll(request.headers());
            ClientExchange exchange = new ClientExchange(request.method().name(), request.url(), headers, request);
            // a call made after a thread hop finds the request's span in the context, not on the thread
            Object inContext = context.getOrDefault(ActiveSpanAccessor.KEY, null);
            CallSpan<HttpExchange> call = handler.start(exchange, inContext instanceof Span span ? span : null);
            call.inject(new HeadersCarrier(headers));
            ClientRequest traced = ClientRequest.from(request).headers(h -> h.putAll(headers)).build();
            return next.exchange(traced)
                    .doOnNext(response -> exchange.status(response.statusCode().value()))
                    .doOnError(call::error)
                    .doFinally(signal -> {
                        if (signal == SignalType.CANCEL) {
                            call.cancel("subscription cancelled");
                        }
                        call.finish();
                    });
        });
    }
}
