package io.traceandtrace.spring.web;

import io.traceandtrace.spring.handler.HttpExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A servlet request and its response in the handler's terms. */
final class ServletExchange extends HttpExchange {

    private final HttpServletRequest request;
    private volatile HttpServletResponse response;

    ServletExchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    /** An async request ends on the response the container completes it with. */
    void response(HttpServletResponse response) {
        this.response = response;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String url() {
        return request.getRequestURL().toString();
    }

    @Override
    public String path() {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public int statusCode() {
        int status = response.getStatus();
        // the container turns an escaped exception into a 500
        return error() != null && status < 400 ? 500 : status;
    }

    @Override
    public String route() {
        Object route = request.getAttribute(TracingHandlerInterceptor.ROUTE_ATTRIBUTE);
        return route != null ? route.toString() : null;
    }

    @Override
    public HttpServletRequest unwrap() {
        return request;
    }
}
