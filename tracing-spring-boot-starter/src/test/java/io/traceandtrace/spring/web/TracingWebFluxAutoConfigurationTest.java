package io.traceandtrace.spring.web;

import io.traceandtrace.spring.TracingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;


import static org.assertj.core.api.Assertions.assertThat;

/** When the WebFlux filter is there: a reactive web app with tracing on, no user filter of the same type. */
class TracingWebFluxAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingWebFluxAutoConfiguration.class))
            .withPropertyValues("tracing.reporter.type=memory");

    @Test
    void aReactiveAppGetsTheFilter() {
        runner.run(context -> assertThat(context).hasSingleBean(TracingWebFilter.class)
                .getBean(TracingWebFilter.class).extracting(TracingWebFilter::getOrder)
                .isEqualTo(TracingWebFluxAutoConfiguration.FILTER_ORDER));
    }

    @Test
    void offBySwitchOrWithoutTracing() {
        runner.withPropertyValues("tracing.web.enabled=false").run(context -> assertThat(context).doesNotHaveBean(TracingWebFilter.class));
        runner.withPropertyValues("tracing.enabled=false").run(context -> assertThat(context).doesNotHaveBean(TracingWebFilter.class));
    }

    @Test
    void notInAServletAppNorWithoutReactor() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingWebFluxAutoConfiguration.class))
                .withPropertyValues("tracing.reporter.type=memory")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TracingWebFilter.class));
        runner.withClassLoader(new FilteredClassLoader(Mono.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TracingWebFilter.class));
    }

    @Test
    void aUsersOwnFilterWins() {
        runner.withUserConfiguration(OwnFilter.class).run(context ->
                assertThat(context).getBean(TracingWebFilter.class).isSameAs(context.getBean(OwnFilter.class).filter));
    }

    @Test
    void aBadSkipPatternStopsStartUpNamingTheProperty() {
        runner.withPropertyValues("tracing.web.additional-skip-pattern=([").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("web.additional-skip-pattern"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilter {
        final TracingWebFilter filter = new TracingWebFilter(null, null, 0);

        @Bean
        TracingWebFilter myFilter() {
            return filter;
        }
    }
}
