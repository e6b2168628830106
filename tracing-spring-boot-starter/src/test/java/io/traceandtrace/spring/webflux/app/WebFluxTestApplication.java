package io.traceandtrace.spring.webflux.app;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.spring.handler.HttpServerSpanCustomizer;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A WebFlux app on Reactor Netty whose requests the reactive tests make over real HTTP. */
@SpringBootApplication
public class WebFluxTestApplication {

    /** Requests that found a span still active, or trace ids still in the MDC, on arrival: a leaked scope. */
    public static final AtomicInteger LEAKED_SCOPES = new AtomicInteger();

    /** Requests that reached the handler that never answers. */
    public static final AtomicInteger NEVER_ANSWERED = new AtomicInteger();

    /** Reactor Netty, though Tomcat is on the test classpath too. */
    @Bean
    NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
        return new NettyReactiveWebServerFactory();
    }

    /** Runs before every other filter, ours included, on each request's thread. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter scopeLeakCheck(Tracer tracer) {
        return (exchange, chain) -> {
            if (tracer.activeSpan() != null || MDC.get("traceId") != null) {
                LEAKED_SCOPES.incrementAndGet();
            }
            return chain.filter(exchange);
        };
    }

    /** Between the leak check and ours: leaves a span active while the rest of the chain is subscribed, as a user's filter might. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    WebFilter strayActiveSpan(Tracer tracer) {
        return (exchange, chain) -> {
            if (exchange.getRequest().getHeaders().getFirst("x-stray-span") == null) {
                return chain.filter(exchange);
            }
            return Mono.create(sink -> {
                Span stray = tracer.buildSpan("stray").start();
                try (Scope ignored = tracer.activateSpan(stray)) {
                    sink.onDispose(chain.filter(exchange).doFinally(s -> stray.finish())
                            .subscribe(null, sink::error, sink::success));
                }
            });
        };
    }

    /** Renames a span when asked by a header, and tags what our defaults decided: it runs after them. */
    @Bean
    HttpServerSpanCustomizer contractServerHook() {
        return (exchange, span) -> {
            span.tag("hook.status", exchange.statusCode());
            if (exchange.header("x-span-name") != null) {
                span.name(exchange.header("x-span-name"));
            }
        };
    }

    static String seen(Tracer tracer) {
        Span active = tracer.activeSpan();
        return (active == null ? "none" : active.context().toSpanId()) + " " + MDC.get("spanId");
    }

    @RestController
    public static class ContractController {
        private final Tracer tracer;

        ContractController(Tracer tracer) {
            this.tracer = tracer;
        }

        @GetMapping("/contract/ok/{id}")
        public String ok(@PathVariable String id) {
            return seen(tracer);
        }

        @GetMapping("/server-error")
        @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
        public String serverError() {
            return "try later";
        }

        @GetMapping("/fail")
        public Mono<String> fail() {
            return Mono.error(new IllegalStateException("boom"));
        }

        /** Never answers: the client gives up and closes the connection. */
        @GetMapping("/contract/timeout")
        public Mono<String> timeout() {
            NEVER_ANSWERED.incrementAndGet();
            return Mono.never();
        }

        @GetMapping("/internal/ping")
        public String ping() {
            return "pong";
        }
    }

    @RestController
    public static class ReactiveController {
        private final Tracer tracer;
        private final WebClient webClient;
        private final Environment environment;

        ReactiveController(Tracer tracer, WebClient.Builder webClients, Environment environment) {
            this.tracer = tracer;
            this.webClient = webClients.build();
            this.environment = environment;
        }

        private Mono<String> call(String path) {
            return webClient.get().uri("http://127.0.0.1:" + environment.getProperty("local.server.port") + path)
                    .retrieve().bodyToMono(String.class);
        }

        /** The second call is made in flatMap, on the reactor-netty thread that received the first answer. */
        @GetMapping("/reactive/chain")
        public Mono<String> chain() {
            return call("/contract/ok/1").flatMap(first -> call("/contract/ok/2").map(second -> first + " | " + second));
        }

        /** What a flatMap sees after a hop to Reactor's parallel scheduler: "activeSpanId mdcSpanId". */
        @GetMapping("/reactive/hop")
        public Mono<String> hop() {
            return Mono.delay(Duration.ofMillis(20)).flatMap(tick -> Mono.just(seen(tracer)));
        }

        /** A sampling rule turns this route's traces off: it calls on, and the call is not sampled either. */
        @GetMapping("/reactive/unsampled/{id}")
        public Mono<String> unsampled(@PathVariable String id) {
            return call("/contract/ok/" + id);
        }

        /** A hop, then a WebClient call: under automatic propagation too, its client span is the request's child. */
        @GetMapping("/reactive/hop-then-call")
        public Mono<String> hopThenCall() {
            return Mono.delay(Duration.ofMillis(20)).flatMap(tick -> call("/contract/ok/3"));
        }
    }
}
