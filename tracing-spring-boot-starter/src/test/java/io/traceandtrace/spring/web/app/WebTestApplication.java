package io.traceandtrace.spring.web.app;

import io.traceandtrace.core.Traced;
import org.slf4j.MDC;
import io.opentracing.Tracer;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.reactive.function.client.WebClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A small Spring MVC app whose requests the web tests make over real HTTP. */
@SpringBootApplication
@EnableAsync
public class WebTestApplication {

    /** Requests that found a span still active, or trace ids still in the MDC, on arrival: a leaked scope. */
    public static final AtomicInteger LEAKED_SCOPES = new AtomicInteger();

    /** Runs before every other filter, ours included, on each request thread. */
    @Bean
    FilterRegistrationBean<Filter> scopeLeakCheck(Tracer tracer) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            if (tracer.activeSpan() != null || MDC.get("traceId") != null) {
                LEAKED_SCOPES.incrementAndGet();
            }
            chain.doFilter(request, response);
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    public static class OrderMissing extends RuntimeException {
        OrderMissing(String id) {
            super("order " + id + " is missing");
        }
    }

    /** A filter behind ours that fails before any handler runs. */
    @Bean
    FilterRegistrationBean<Filter> failingFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            if (((jakarta.servlet.http.HttpServletRequest) request).getRequestURI().equals("/filter-error")) {
                throw new IllegalStateException("filter failed");
            }
            chain.doFilter(request, response);
        });
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    @Service
    @Traced
    public static class OrderService {

        public String load(String id) {
            return "order " + id;
        }

        @Traced(false)
        public String untraced() {
            return "quiet";
        }

        @Traced(operationName = "orders.audit")
        public void audit() {
        }

        @Async
        public CompletableFuture<String> loadLater(String id) {
            return CompletableFuture.completedFuture("later " + id);
        }

        public void fail() {
            throw new IllegalStateException("boom");
        }
    }

    @RestController
    public static class OrderController {

        private final OrderService orders;
        private final RestTemplate restTemplate;
        private final RestClient restClient;
        private final WebClient webClient;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final Environment environment;

        OrderController(OrderService orders, RestTemplateBuilder restTemplates, RestClient.Builder restClients,
                        WebClient.Builder webClients, Environment environment) {
            this.orders = orders;
            this.environment = environment;
            this.restTemplate = restTemplates.build();
            this.restClient = restClients.build();
            this.webClient = webClients.build();
        }

        private String base() {
            return "http://127.0.0.1:" + environment.getProperty("local.server.port");
        }

        @GetMapping("/orders/{id}")
        public String order(@PathVariable String id) {
            orders.untraced();
            orders.audit();
            return orders.load(id) + " trace=" + MDC.get("traceId");
        }

        @GetMapping("/fail")
        public String fail() {
            orders.fail();
            return "unreachable";
        }

        @GetMapping("/advised/{id}")
        public String advised(@PathVariable String id) {
            throw new OrderMissing(id);
        }

        @GetMapping("/server-error")
        @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
        public String serverError() {
            return "try later";
        }

        @GetMapping("/deferred")
        public DeferredResult<String> deferred() {
            DeferredResult<String> result = new DeferredResult<>();
            timer.schedule(() -> result.setResult("done later"), 150, TimeUnit.MILLISECONDS);
            return result;
        }

        @GetMapping("/chain")
        public String chain() {
            return orders.loadLater("9").join();
        }

        @GetMapping("/internal/ping")
        public String ping() {
            return "pong";
        }

        @GetMapping("/via/rest-template")
        public String viaRestTemplate() {
            return restTemplate.getForObject(base() + "/orders/7?token=abc", String.class);
        }

        @GetMapping("/via/rest-client")
        public String viaRestClient() {
            return restClient.get().uri(base() + "/orders/8").retrieve().body(String.class);
        }

        @GetMapping("/via/web-client")
        public String viaWebClient() {
            return webClient.get().uri(base() + "/orders/9").retrieve().bodyToMono(String.class).block();
        }
    }

    @RestControllerAdvice
    public static class Advice {
        @ExceptionHandler(OrderMissing.class)
        @ResponseStatus(HttpStatus.CONFLICT)
        public String missing(OrderMissing e) {
            return e.getMessage();
        }
    }

    // ---- for the span contract tests (ServerSpanContract, ClientSpanContract) ----

    /** Trace headers the last /contract/ok request arrived with (lower-case names). */
    public static final java.util.Map<String, String> LAST_TRACE_HEADERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A filter between the leak check and ours that leaves a span active, as a user's own filter might. */
    @Bean
    FilterRegistrationBean<Filter> strayActiveSpan(Tracer tracer) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            if (((jakarta.servlet.http.HttpServletRequest) request).getHeader("x-stray-span") == null) {
                chain.doFilter(request, response);
                return;
            }
            io.opentracing.Span stray = tracer.buildSpan("stray").start();
            try (io.opentracing.Scope ignored = tracer.activateSpan(stray)) {
                chain.doFilter(request, response);
            } finally {
                stray.finish();
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Renames a span when asked by a header, and tags what our defaults decided: it runs after them. */
    @Bean
    io.traceandtrace.spring.handler.HttpServerSpanCustomizer contractServerHook() {
        return (exchange, span) -> {
            span.tag("hook.status", exchange.statusCode());
            if (exchange.header("x-span-name") != null) {
                span.name(exchange.header("x-span-name"));
            }
        };
    }

    @Bean
    io.traceandtrace.spring.handler.HttpClientSpanCustomizer contractClientHook() {
        return (exchange, span) -> span.tag("hook.status", exchange.statusCode());
    }

    /** What the handler saw: the active span's ids and the MDC's, read when Jackson writes the body. */
    public static class SeenIds {
        private final Tracer tracer;

        SeenIds(Tracer tracer) {
            this.tracer = tracer;
        }

        public String getActive() {
            return tracer.activeSpan() == null ? "none" : tracer.activeSpan().context().toSpanId();
        }

        public String getMdc() {
            return String.valueOf(MDC.get("spanId"));
        }
    }

    @RestController
    public static class ContractController {
        private final Tracer tracer;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        ContractController(Tracer tracer) {
            this.tracer = tracer;
        }

        @GetMapping("/contract/ok/{id}")
        public String ok(@PathVariable String id, jakarta.servlet.http.HttpServletRequest request) {
            LAST_TRACE_HEADERS.clear();
            for (String name : new String[]{"uber-trace-id", "traceparent", "b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled"}) {
                if (request.getHeader(name) != null) {
                    LAST_TRACE_HEADERS.put(name, request.getHeader(name));
                }
            }
            io.opentracing.Span active = tracer.activeSpan();
            return (active == null ? "none" : active.context().toSpanId()) + " " + MDC.get("spanId");
        }

        @GetMapping("/contract/slow")
        public String slow() throws InterruptedException {
            Thread.sleep(2_500);
            return "slow";
        }

        @GetMapping("/contract/timeout")
        public DeferredResult<String> timeout() {
            return new DeferredResult<>(100L); // never set: Spring answers 503 when it times out
        }

        @GetMapping("/contract/deferred-ids")
        public DeferredResult<SeenIds> deferredIds() {
            DeferredResult<SeenIds> result = new DeferredResult<>();
            timer.schedule(() -> result.setResult(new SeenIds(tracer)), 50, TimeUnit.MILLISECONDS);
            return result;
        }
    }
}
