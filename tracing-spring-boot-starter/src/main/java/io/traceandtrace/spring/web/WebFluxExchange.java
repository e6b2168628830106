package io.traceandtrace.spring.web;

import io.traceandtrace.spring.handler.HttpExchange;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.resource.ResourceWebHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/** A WebFlux exchange in the handler's terms. */
final class WebFluxExchange extends HttpExchange {

    private final ServerWebExchange exchange;
    private volatile int errorStatus;
    private volatile boolean cancelled;

    WebFluxExchange(ServerWebExchange exchange) {
        this.exchange = exchange;
    }

    /**
     * The chain failed with {@code error}: the status WebFlux's error handling will answer with.
     *
     * @return whether it is a failure of the service (not Spring's 4xx answer to a bad request)
     */
    boolean failed(Throwable error) {
        int status = 500;
        if (error instanceof ErrorResponse response) {
            status = response.getStatusCode().value();
        } else {
            MergedAnnotation<ResponseStatus> annotated = MergedAnnotations
                    .from(error.getClass(), MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).get(ResponseStatus.class);
            if (annotated.isPresent()) {
                status = annotated.synthesize().code().value();
            }
        }
        errorStatus = status;
        return !(error instanceof ErrorResponse) || status >= 500;
    }

    /** The client went away: no status unless the response had started. */
    void cancelled() {
        cancelled = true;
    }

    @Override
    public String method() {
        return exchange.getRequest().getMethod().name();
    }

    @Override
    public String url() {
        return exchange.getRequest().getURI().toString();
    }

    @Override
    public String path() {
        return exchange.getRequest().getPath().pathWithinApplication().value();
    }

    @Override
    public String header(String name) {
        return exchange.getRequest().getHeaders().getFirst(name);
    }

    @Override
    public int statusCode() {
        boolean committed = exchange.getResponse().isCommitted();
        if (errorStatus != 0 && !committed) {
            return errorStatus;
        }
        if (cancelled && !committed) {
            return 0; // nothing was answered
        }
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status != null ? status.value() : 200;
    }

    @Override
    public String route() {
        Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        // static resources match "/**": a missing one is named NOT_FOUND instead
        if (pattern instanceof PathPattern path
                && !(exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof ResourceWebHandler)) {
            return path.getPatternString();
        }
        return null;
    }

    @Override
    public ServerWebExchange unwrap() {
        return exchange;
    }
}
