package io.traceandtrace.spring.contract;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.traceandtrace.spring.web.app.WebTestApplication;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One Spring MVC app for every HTTP contract test class, so they share one context. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = {WebTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.reporter.max-queue-size=10000",
                "tracing.sampler.type=const", "tracing.sampler.param=1",
                "tracing.web.additional-skip-pattern=/internal/.*", "spring.application.name=web-contract",
                "grpc.server.port=-1"})
@interface WebContractTest {
}
