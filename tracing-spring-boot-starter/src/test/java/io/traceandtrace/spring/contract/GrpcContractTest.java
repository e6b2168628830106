package io.traceandtrace.spring.contract;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.traceandtrace.spring.grpc.app.EchoTestApplication;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The gRPC app the gRPC contract tests call over a real socket. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = {EchoTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"tracing.reporter.max-queue-size=10000",
                "tracing.sampler.type=const", "tracing.sampler.param=1",
                "spring.application.name=echo-contract", "grpc.client.echo.negotiation-type=plaintext"})
@interface GrpcContractTest {
}
