package io.traceandtrace.spring.web;

import io.opentracing.Scope;
import io.traceandtrace.spring.handler.CallSpan;
import io.traceandtrace.spring.handler.HttpExchange;
import io.traceandtrace.spring.handler.ServerSpanHandler;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The servlet adapter of {@link ServerSpanHandler}: one server span per HTTP request, active for
 * the whole request (filters, handler, and the async dispatch of an async request) and finished
 * with the status, whatever produced the response: a handler, a 404, an error in another filter,
 * an async completion or timeout.
 */
public class TracingFilter extends OncePerRequestFilter {

    /** Request attribute holding the server span ({@code io.opentracing.Span}), for the handler interceptor and for user code. */
    public static final String SPAN_ATTRIBUTE = TracingFilter.class.getName() + ".span";
    static final String CALL_ATTRIBUTE = TracingFilter.class.getName() + ".call";
    static final String COMPONENT = "java-web-servlet";
    /** Tag prefix of the request headers listed in {@code tracing.web.recorded-headers}. */
    public static final String HEADER_TAG_PREFIX = HttpExchange.REQUEST_HEADER_TAG_PREFIX;

    private final ServerSpanHandler<HttpExchange> handler;
    private final Pattern skipPattern;
    private volatile String filteredAttributeName;

    public TracingFilter(ServerSpanHandler<HttpExchange> handler, Pattern skipPattern) {
        this.handler = handler;
        this.skipPattern = skipPattern;
    }

    /** Made once: Spring's OncePerRequestFilter builds it on every request. */
    @Override
    protected String getAlreadyFilteredAttributeName() {
        String name = filteredAttributeName;
        if (name == null) {
            name = super.getAlreadyFilteredAttributeName();
            filteredAttributeName = name;
        }
        return name;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (skipPattern == null) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return skipPattern.matcher(path).matches();
    }

    /** The async dispatch (writing a DeferredResult, a Callable's value) runs under the request's span too. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        @SuppressWarnings("unchecked")
        CallSpan<HttpExchange> call = isAsyncDispatch(request)
                ? (CallSpan<HttpExchange>) request.getAttribute(CALL_ATTRIBUTE) : null;
        boolean first = call == null;
        if (first) {
            call = handler.start(new ServletExchange(request, response), new HttpServletRequestCarrier(request));
            request.setAttribute(SPAN_ATTRIBUTE, call.span());
            request.setAttribute(CALL_ATTRIBUTE, call);
        }
        Throwable error = null;
        try (Scope ignored = call.activate()) {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            error = e;
            throw e;
        } finally {
            if (request.isAsyncStarted()) {
                if (first) {
                    request.getAsyncContext().addListener(new FinishOnAsyncEnd(call), request, response);
                }
                if (error != null) {
                    call.error(unwrap(error));
                }
            } else {
                call.finish(error != null ? unwrap(error) : handledException(request, response.getStatus()));
            }
        }
    }

    /**
     * An exception resolved into a response by an {@code @ExceptionHandler} / {@code @ControllerAdvice};
     * Spring's own client-error exceptions (no handler, no resource, wrong method) are not failures of the service.
     */
    private static Throwable handledException(HttpServletRequest request, int status) {
        Object ex = request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE);
        if (ex == null) {
            ex = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        }
        if (ex instanceof ErrorResponse && status < 500) {
            return null;
        }
        return ex instanceof Throwable t ? t : null;
    }

    /** The handler's own exception rather than Spring's "Request processing failed" wrapper. */
    private static Throwable unwrap(Throwable error) {
        return error instanceof ServletException && error.getCause() != null ? error.getCause() : error;
    }

    private static final class FinishOnAsyncEnd implements AsyncListener {
        private final CallSpan<HttpExchange> call;

        FinishOnAsyncEnd(CallSpan<HttpExchange> call) {
            this.call = call;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            HttpServletRequest request = (HttpServletRequest) event.getSuppliedRequest();
            HttpServletResponse response = (HttpServletResponse) event.getSuppliedResponse();
            ((ServletExchange) call.exchange()).response(response);
            call.finish(handledException(request, response.getStatus()));
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            call.cancel("async request timed out");
        }

        @Override
        public void onError(AsyncEvent event) {
            call.error(event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this, event.getSuppliedRequest(), event.getSuppliedResponse());
        }
    }
}
