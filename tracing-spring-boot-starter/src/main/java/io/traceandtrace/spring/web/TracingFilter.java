package io.traceandtrace.spring.web;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import io.traceandtrace.spring.ErrorLogs;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.ErrorResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Owns the server span of each HTTP request: continues the caller's trace, keeps the span active
 * for the whole request (filters, handler, async work) and finishes it with the status, whatever
 * produced the response: a handler, a 404, an error in another filter, an async completion.
 */
public class TracingFilter extends OncePerRequestFilter {

    /** Request attribute holding the server span, for the handler interceptor and for user code. */
    public static final String SPAN_ATTRIBUTE = TracingFilter.class.getName() + ".span";
    static final String COMPONENT = "java-web-servlet";
    /** Tag prefix of the request headers listed in {@code tracing.web.recorded-headers}. */
    public static final String HEADER_TAG_PREFIX = "http.request.header.";

    private static final Logger log = LoggerFactory.getLogger(TracingFilter.class);

    private final Tracer tracer;
    private final Pattern skipPattern;
    private final List<String> recordedHeaders;

    public TracingFilter(Tracer tracer, Pattern skipPattern, List<String> recordedHeaders) {
        this.tracer = tracer;
        this.skipPattern = skipPattern;
        this.recordedHeaders = List.copyOf(recordedHeaders);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (skipPattern == null) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return skipPattern.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Span span = start(request);
        request.setAttribute(SPAN_ATTRIBUTE, span);
        Throwable error = null;
        try (Scope ignored = tracer.activateSpan(span)) {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            error = e;
            throw e;
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new FinishOnAsyncEnd(span, error), request, response);
            } else {
                finish(span, request, response, error);
            }
        }
    }

    private Span start(HttpServletRequest request) {
        SpanContext parent = null;
        try {
            parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new HttpServletRequestCarrier(request));
        } catch (RuntimeException e) {
            log.debug("Ignoring unreadable trace headers on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        }
        Span span = tracer.buildSpan(request.getMethod())
                .asChildOf(parent)
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER)
                .withTag(Tags.COMPONENT, COMPONENT)
                .withTag(Tags.HTTP_METHOD, request.getMethod())
                .withTag(Tags.HTTP_URL, request.getRequestURL().toString())
                .start();
        for (String header : recordedHeaders) {
            String value = request.getHeader(header);
            if (value != null) {
                span.setTag(HEADER_TAG_PREFIX + header.toLowerCase(Locale.ROOT), value);
            }
        }
        return span;
    }

    static void finish(Span span, HttpServletRequest request, HttpServletResponse response, Throwable error) {
        int status = response.getStatus();
        if (error != null && status < 400) {
            status = 500; // the container turns an escaped exception into a 500
        }
        Throwable handled = error != null ? unwrap(error) : handledException(request, status);
        if (request.getAttribute(TracingHandlerInterceptor.ROUTE_ATTRIBUTE) == null) {
            span.setOperationName(request.getMethod() + " " + unmatchedName(status));
        }
        Tags.HTTP_STATUS.set(span, status);
        if (handled != null) {
            ErrorLogs.logError(span, handled);
        } else if (status >= 500) {
            Tags.ERROR.set(span, true);
        }
        span.finish();
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

    /** A fixed word for requests no handler matched, so raw paths never become span names. */
    static String unmatchedName(int status) {
        if (status == 404) {
            return "NOT_FOUND";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        return "UNMATCHED";
    }

    private static final class FinishOnAsyncEnd implements AsyncListener {
        private final Span span;
        private final Throwable error;

        FinishOnAsyncEnd(Span span, Throwable error) {
            this.span = span;
            this.error = error;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            finish(span, (HttpServletRequest) event.getSuppliedRequest(),
                    (HttpServletResponse) event.getSuppliedResponse(), error);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            span.log("async request timed out");
        }

        @Override
        public void onError(AsyncEvent event) {
            if (event.getThrowable() != null) {
                ErrorLogs.logError(span, event.getThrowable());
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this, event.getSuppliedRequest(), event.getSuppliedResponse());
        }
    }
}
