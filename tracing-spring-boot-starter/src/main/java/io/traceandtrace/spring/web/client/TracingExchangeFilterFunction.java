package io.traceandtrace.spring.web.client;

import io.opentracing.Span;
import io.opentracing.Tracer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import java.util.concurrent.atomic.AtomicInteger;

/** A client span around each WebClient exchange, child of the span active when the call is subscribed. */
public class TracingExchangeFilterFunction implements ExchangeFilterFunction {

    private final HttpClientSpans spans;

    public TracingExchangeFilterFunction(Tracer tracer) {
        this.spans = new HttpClientSpans(tracer);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.defer(() -> {
            HttpHeaders headers = new HttpHeaders();
            Span span = spans.start(request.method().name(), request.url(), headers);
            ClientRequest traced = ClientRequest.from(request).headers(h -> h.addAll(headers)).build();
            AtomicInteger status = new AtomicInteger();
            Throwable[] error = new Throwable[1];
            return next.exchange(traced)
                    .doOnNext(response -> status.set(response.statusCode().value()))
                    .doOnError(e -> error[0] = e)
                    .doFinally(signal -> {
                        if (signal == SignalType.CANCEL) {
                            span.log("cancelled");
                        }
                        HttpClientSpans.finish(span, status.get(), error[0]);
                    });
        });
    }
}
