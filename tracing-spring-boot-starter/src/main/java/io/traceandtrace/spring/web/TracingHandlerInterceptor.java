package io.traceandtrace.spring.web;

import io.opentracing.Span;
import io.traceandtrace.spring.handler.OperationNames;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/** Tells the server span its route template ({@code /orders/{id}}) and tags the handler. */
public class TracingHandlerInterceptor implements HandlerInterceptor {

    static final String ROUTE_ATTRIBUTE = TracingHandlerInterceptor.class.getName() + ".route";

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // an error dispatch comes after the filter finished the span
        if (request.getDispatcherType() == DispatcherType.ERROR
                || !(request.getAttribute(TracingFilter.SPAN_ATTRIBUTE) instanceof Span span)) {
            return true;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        // static resources match "/**": a missing one is named NOT_FOUND instead
        if (pattern != null && !(handler instanceof ResourceHttpRequestHandler)) {
            request.setAttribute(ROUTE_ATTRIBUTE, pattern);
            // named now as at finish, so calls the handler makes carry the endpoint (SkyWalking's sw8 does)
            span.setOperationName(OperationNames.of(request.getMethod(), pattern.toString()));
        }
        if (handler instanceof HandlerMethod method) {
            span.setTag("handler.class", method.getBeanType().getSimpleName());
            span.setTag("handler.method", method.getMethod().getName());
        }
        return true;
    }
}
