package io.traceandtrace.spring.web.client;

import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.boot.web.reactive.function.client.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/** Client spans for RestTemplate, RestClient and WebClient built from Spring Boot's builders. */
@AutoConfiguration(after = TracingAutoConfiguration.class, beforeName = {
        "org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration"})
@ConditionalOnTracing
@ConditionalOnProperty(prefix = "tracing.web", name = {"enabled", "client-enabled"}, havingValue = "true", matchIfMissing = true)
public class TracingHttpClientAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestTemplate.class)
    static class RestClients {

        @Bean
        TracingClientHttpRequestInterceptor tracingClientHttpRequestInterceptor(Tracer tracer) {
            return new TracingClientHttpRequestInterceptor(tracer);
        }

        @Bean
        RestTemplateCustomizer tracingRestTemplateCustomizer(TracingClientHttpRequestInterceptor interceptor) {
            return restTemplate -> {
                if (!restTemplate.getInterceptors().contains(interceptor)) {
                    restTemplate.getInterceptors().add(0, interceptor);
                }
            };
        }

        @Bean
        @ConditionalOnClass(name = "org.springframework.web.client.RestClient")
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
        WebClientCustomizer tracingWebClientCustomizer(Tracer tracer) {
            TracingExchangeFilterFunction filter = new TracingExchangeFilterFunction(tracer);
            return builder -> builder.filters(filters -> {
                if (!filters.contains(filter)) {
                    filters.add(0, filter);
                }
            });
        }
    }
}
