package io.traceandtrace.spring.scheduling.app;

import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.Traced;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A web app with @Scheduled jobs on Spring Boot's scheduler (one thread, so every job runs on the same one). */
@SpringBootApplication
@EnableScheduling
public class ScheduledApplication {

    @Component
    public static class Jobs {

        /** The trace id in the MDC during each run of tick, by the span id beside it. */
        public static final Map<String, String> MDC_TRACE_IDS = new ConcurrentHashMap<>();
        /** The trace of the span that leak left active on the scheduler thread. */
        public static final AtomicReference<String> LEAKED_TRACE = new AtomicReference<>();
        public static final AtomicInteger FAILURES = new AtomicInteger();
        public static final AtomicInteger QUIET_RUNS = new AtomicInteger();

        private final Tracer tracer;
        private final Work work;
        private final RestTemplate rest;
        private final Environment environment;

        Jobs(Tracer tracer, Work work, RestTemplateBuilder rest, Environment environment) {
            this.tracer = tracer;
            this.work = work;
            this.rest = rest.build();
            this.environment = environment;
        }

        /** Runs first and leaves a span active on the thread, as a job with a scope it never closed would. */
        @Scheduled(initialDelay = 0, fixedDelay = 60_000)
        void leak() {
            Span leaked = tracer.buildSpan("leaked").ignoreActiveSpan().start();
            tracer.activateSpan(leaked);
            LEAKED_TRACE.set(leaked.context().toTraceId());
        }

        @Scheduled(initialDelay = 300, fixedDelay = 50)
        void tick() {
            MDC_TRACE_IDS.put(MDC.get(TracingAutoConfiguration.MDC_SPAN_ID), MDC.get(TracingAutoConfiguration.MDC_TRACE_ID));
            work.step();
            rest.getForObject("http://127.0.0.1:" + environment.getProperty("local.server.port") + "/ping", String.class);
        }

        @Scheduled(initialDelay = 300, fixedDelay = 200)
        void fail() {
            throw new IllegalStateException("failure " + FAILURES.incrementAndGet());
        }

        @Scheduled(initialDelay = 300, fixedDelay = 50)
        void quiet() {
            QUIET_RUNS.incrementAndGet();
        }
    }

    @Service
    public static class Work {
        @Traced
        public void step() {
        }
    }

    @RestController
    static class Ping {
        @GetMapping("/ping")
        String ping() {
            return "pong";
        }
    }

}
