package io.traceandtrace.spring.exemplars;

import io.micrometer.observation.Observation;
import io.opentracing.Span;
import io.traceandtrace.spring.web.TracingFilter;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import java.util.function.Function;

/** The server span of a Spring MVC request observation: the servlet filter keeps it in a request attribute. */
final class ServletServerSpan implements Function<Observation.Context, Span> {

    @Override
    public Span apply(Observation.Context context) {
        return context instanceof ServerRequestObservationContext servlet
                && servlet.getCarrier() != null
                && servlet.getCarrier().getAttribute(TracingFilter.SPAN_ATTRIBUTE) instanceof Span span ? span : null;
    }
}
