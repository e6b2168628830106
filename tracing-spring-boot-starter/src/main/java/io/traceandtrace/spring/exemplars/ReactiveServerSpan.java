package io.traceandtrace.spring.exemplars;

import io.micrometer.observation.Observation;
import io.opentracing.Span;
import io.traceandtrace.spring.web.TracingWebFilter;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import java.util.function.Function;

/** The server span of a WebFlux request observation: the WebFlux filter keeps it in an exchange attribute. */
final class ReactiveServerSpan implements Function<Observation.Context, Span> {

    @Override
    public Span apply(Observation.Context context) {
        return context instanceof ServerRequestObservationContext reactive
                && reactive.getAttributes().get(TracingWebFilter.SPAN_ATTRIBUTE) instanceof Span span ? span : null;
    }
}
