package io.traceandtrace.spring.web.client;

import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.handler.ClientSpanHandler;
import io.traceandtrace.spring.handler.HttpClientSpanCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.boot.web.reactive.function.client.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Client spans for RestTemplate, RestClient and WebClient built from Spring Boot's builders;
 * {@link HttpClientSpanCustomizer} beans rename and tag them after our defaults.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class, beforeName = {
        "org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration"})
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.web", name = {"enabled", "client-enabled"}, havingValue = "true", matchIfMissing = true)
public class TracingHttpClientAutoConfiguration {

    static final String COMPONENT = "spring-http-client";

    static ClientSpanHandler<io.traceandtrace.spring.handler.HttpExchange> handler(
            Tracer tracer, ObjectProvider<HttpClientSpanCustomizer> customizers) {
        return ClientSpanHandler.http(tracer, COMPONENT, customizers.orderedStream().toList());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestTemplate.class)
    static class RestClients {

        @Bean
        @ConditionalOnMissingBean
        TracingClientHttpRequestInterceptor tracingClientHttpRequestInterceptor(
                Tracer tracer, ObjectProvider<HttpClientSpanCustomizer> customizers) {
            return new TracingClientHttpRequestInterceptor(handler(tracer, customizers));
        }

        @Bean
        @ConditionalOnMissingBean(name = "tracingRestTemplateCustomizer")
        RestTemplateCustomizer tracingRestTemplateCustomizer(TracingClientHttpRequestInterceptor interceptor) {
            return restTemplate -> {
                if (!restTemplate.getInterceptors().contains(interceptor)) {
                    restTemplate.getInterceptors().add(0, interceptor);
                }
            };
        }

        @Bean
        @ConditionalOnClass(name = "org.springframework.web.client.RestClient")
        @ConditionalOnMissingBean(name = "tracingRestClientCustomizer")
        RestClientCustomizer tracingRestClientCustomizer(TracingClientHttpRequestInterceptor interceptor) {
            return builder -> builder.requestInterceptors(list -> {
                if (!list.contains(interceptor)) {
                    list.add(0, interceptor);
                }
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebClient.class)
    static class WebClients {

        @Bean
        @ConditionalOnMissingBean
        TracingExchangeFilterFunction tracingExchangeFilterFunction(Tracer tracer,
                                                                    ObjectProvider<HttpClientSpanCustomizer> customizers) {
            return new TracingExchangeFilterFunction(handler(tracer, customizers));
        }

        @Bean
        @ConditionalOnMissingBean(name = "tracingWebClientCustomizer")
        WebClientCustomizer tracingWebClientCustomizer(TracingExchangeFilterFunction filter) {
            return builder -> builder.filters(filters -> {
                if (!filters.contains(filter)) {
                    filters.add(0, filter);
                }
            });
        }
    }
}
