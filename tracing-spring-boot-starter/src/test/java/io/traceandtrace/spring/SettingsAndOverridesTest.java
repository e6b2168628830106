package io.traceandtrace.spring;

import io.jaegertracing.internal.JaegerSpan;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.spring.web.TracingWebMvcAutoConfiguration;
import io.traceandtrace.spring.web.client.TracingClientHttpRequestInterceptor;
import io.traceandtrace.spring.web.client.TracingExchangeFilterFunction;
import io.traceandtrace.spring.web.client.TracingHttpClientAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.boot.web.reactive.function.client.WebClientCustomizer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/** Sampling rules and span limits from properties, their errors at start-up, and user beans that replace ours. */
class SettingsAndOverridesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingHttpClientAutoConfiguration.class))
            .withPropertyValues("tracing.reporter.type=memory");

    private static void assertFailure(AbstractApplicationContextRunner<?, ?, ?> runner, String property, String expected) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = FailureAnalyzers.analyze(context.getStartupFailure());
            assertThat(analysis).as("a failure analysis for %s", context.getStartupFailure()).isNotNull();
            assertThat(analysis.getDescription() + "\n" + analysis.getAction()).contains(property).contains(expected);
        });
    }

    @Test
    void samplingRulesAreReadInOrder() {
        runner.withPropertyValues(
                        "tracing.sampler.rules[0].http-method=get", "tracing.sampler.rules[0].path=/health/**",
                        "tracing.sampler.rules[0].type=const", "tracing.sampler.rules[0].param=0",
                        "tracing.sampler.rules[1].grpc-service=sample.Greeter", "tracing.sampler.rules[1].type=ratelimiting",
                        "tracing.sampler.rules[2].path=/checkout", "tracing.sampler.rules[2].type=probabilistic",
                        "tracing.sampler.rules[2].param=0.5")
                .run(context -> assertThat(context.getBean(TracerSettings.class).samplingRules())
                        .extracting(Object::toString)
                        .containsExactly("GET /health/** -> const(0.0)", "sample.Greeter/* -> ratelimiting(10.0)",
                                "* /checkout -> probabilistic(0.5)"));
    }

    @Test
    void aBadRuleStopsStartUpNamingIt() {
        assertFailure(runner.withPropertyValues("tracing.sampler.rules[0].path=/a", "tracing.sampler.rules[0].type=const",
                        "tracing.sampler.rules[1].path=/b", "tracing.sampler.rules[1].type=probabilistic",
                        "tracing.sampler.rules[1].param=3"),
                "tracing.sampler.rules[1].param", "probability between 0 and 1");
        assertFailure(runner.withPropertyValues("tracing.sampler.rules[0].path=/a", "tracing.sampler.rules[0].grpc-service=x",
                "tracing.sampler.rules[0].type=const"), "tracing.sampler.rules[0]", "not both");
        assertFailure(runner.withPropertyValues("tracing.sampler.rules[0].path=/a"), "tracing.sampler.rules[0].type",
                "const, probabilistic, ratelimiting");
        assertFailure(runner.withPropertyValues("tracing.sampler.rules[0].path=/a", "tracing.sampler.rules[0].type=sometimes"),
                "tracing.sampler.rules[0].type", "sometimes");
    }

    @Test
    void negativeSpanLimitsAndSubMillisecondFlushesNameTheProperty() {
        assertFailure(runner.withPropertyValues("tracing.span.max-logs=-1"), "tracing.span.max-logs", ">= 0");
        assertFailure(runner.withPropertyValues("tracing.span.max-tag-value-length=-5"), "tracing.span.max-tag-value-length", ">= 0");
        assertFailure(runner.withPropertyValues("tracing.reporter.flush-interval=500us"), "tracing.reporter.flush-interval",
                "at least 1ms");
    }

    @Test
    void cookiesAreRedactedByDefault() {
        runner.withBean(CapturingExporter.class, CapturingExporter::new).withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1").run(context -> {
            Span span = context.getBean(Tracer.class).buildSpan("request").start();
            span.setTag("http.request.header.cookie", "session=abc");
            span.setTag("http.response.header.set-cookie", "session=def; HttpOnly");
            span.setTag("http.request.header.accept", "text/html");
            span.finish();
            JaegerSpan reported = io.traceandtrace.spring.testing.Spans.awaitCount(context.getBean(CapturingExporter.class), 1).get(0);
            assertThat(reported.getTags()).containsEntry("http.request.header.cookie", "[REDACTED]")
                    .containsEntry("http.response.header.set-cookie", "[REDACTED]")
                    .containsEntry("http.request.header.accept", "text/html");
        });
    }

    @Test
    void userBeansReplaceOurClientCustomizersAndInterceptors() {
        RestTemplateCustomizer restTemplate = t -> { };
        RestClientCustomizer restClient = b -> { };
        WebClientCustomizer webClient = b -> { };
        runner.withBean("tracingRestTemplateCustomizer", RestTemplateCustomizer.class, () -> restTemplate)
                .withBean("tracingRestClientCustomizer", RestClientCustomizer.class, () -> restClient)
                .withBean("tracingWebClientCustomizer", WebClientCustomizer.class, () -> webClient)
                .run(context -> {
                    assertThat(context.getBean(RestTemplateCustomizer.class)).isSameAs(restTemplate);
                    assertThat(context.getBean(RestClientCustomizer.class)).isSameAs(restClient);
                    assertThat(context.getBean(WebClientCustomizer.class)).isSameAs(webClient);
                });
        runner.withBean(TracingClientHttpRequestInterceptor.class, () -> new TracingClientHttpRequestInterceptor(null))
                .withBean(TracingExchangeFilterFunction.class, () -> new TracingExchangeFilterFunction(null))
                .run(context -> assertThat(context).hasSingleBean(TracingClientHttpRequestInterceptor.class)
                        .hasSingleBean(TracingExchangeFilterFunction.class));
    }

    @Test
    void aUserBeanReplacesOurMvcConfigurer() {
        WebMvcConfigurer mine = new WebMvcConfigurer() { };
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingWebMvcAutoConfiguration.class))
                .withPropertyValues("tracing.reporter.type=memory")
                .withBean("tracingWebMvcConfigurer", WebMvcConfigurer.class, () -> mine)
                .run(context -> assertThat(context.getBean("tracingWebMvcConfigurer")).isSameAs(mine));
    }
}
