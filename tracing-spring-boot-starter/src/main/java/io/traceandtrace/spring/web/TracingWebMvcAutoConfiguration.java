package io.traceandtrace.spring.web;

import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.TracingProperties;
import io.traceandtrace.spring.handler.HttpServerSpanCustomizer;
import io.traceandtrace.spring.handler.ServerSpanHandler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.regex.Pattern;

/**
 * A server span for every Spring MVC request, named by its route template; {@link HttpServerSpanCustomizer}
 * beans rename and tag it after our defaults.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, Filter.class})
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.web", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingWebMvcAutoConfiguration {

    /** Runs before every other filter but Spring's character-encoding one, so their errors land in the span. */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    @Bean
    @ConditionalOnMissingBean(name = "tracingFilter")
    public FilterRegistrationBean<TracingFilter> tracingFilter(Tracer tracer, TracingProperties properties,
                                                               Environment environment,
                                                               ObjectProvider<HttpServerSpanCustomizer> customizers) {
        Pattern skip = SkipPattern.of(properties.getWeb(), environment);
        ServerSpanHandler<io.traceandtrace.spring.handler.HttpExchange> handler = ServerSpanHandler.http(tracer,
                TracingFilter.COMPONENT, properties.getWeb().getRecordedHeaders(), customizers.orderedStream().toList());
        FilterRegistrationBean<TracingFilter> registration = new FilterRegistrationBean<>(new TracingFilter(handler, skip));
        registration.setOrder(FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(name = "tracingWebMvcConfigurer")
    public WebMvcConfigurer tracingWebMvcConfigurer() {
        TracingHandlerInterceptor interceptor = new TracingHandlerInterceptor();
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }
}
