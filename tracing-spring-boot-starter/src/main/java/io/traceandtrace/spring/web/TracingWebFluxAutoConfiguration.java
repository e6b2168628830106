package io.traceandtrace.spring.web;

import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.TracingProperties;
import io.traceandtrace.spring.handler.HttpServerSpanCustomizer;
import io.traceandtrace.spring.handler.ServerSpanHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.DispatcherHandler;
import reactor.core.publisher.Mono;

/**
 * A server span for every WebFlux request, named by its route template, through our own
 * {@link TracingWebFilter} (not Spring's server observation); {@link HttpServerSpanCustomizer}
 * beans rename and tag it after our defaults.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({DispatcherHandler.class, Mono.class})
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.web", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingWebFluxAutoConfiguration {

    /** Runs before the application's filters, so their errors land in the span. */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    @Bean
    @ConditionalOnMissingBean
    public TracingWebFilter tracingWebFilter(Tracer tracer, TracingProperties properties, Environment environment,
                                             ObjectProvider<HttpServerSpanCustomizer> customizers) {
        ServerSpanHandler<io.traceandtrace.spring.handler.HttpExchange> handler = ServerSpanHandler.http(tracer,
                TracingWebFilter.COMPONENT, properties.getWeb().getRecordedHeaders(), customizers.orderedStream().toList());
        return new TracingWebFilter(handler, SkipPattern.of(properties.getWeb(), environment), FILTER_ORDER);
    }
}
