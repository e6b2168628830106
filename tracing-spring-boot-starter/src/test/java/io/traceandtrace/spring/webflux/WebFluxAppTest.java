package io.traceandtrace.spring.webflux;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.traceandtrace.spring.webflux.app.WebFluxTestApplication;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One WebFlux app on Reactor Netty, with Boot's default (limited) context propagation, for the reactive test classes that share it. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = {WebFluxTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive",
                "tracing.reporter.max-queue-size=10000",
                "tracing.sampler.type=const", "tracing.sampler.param=1",
                "tracing.web.additional-skip-pattern=/internal/.*", "spring.application.name=webflux-test",
                "tracing.sampler.rules[0].path=/reactive/unsampled/**", "tracing.sampler.rules[0].type=const",
                "tracing.sampler.rules[0].param=0",
                "grpc.server.port=-1", "grpc.client.GLOBAL.address=static://127.0.0.1:1"})
public @interface WebFluxAppTest {
}
