package io.traceandtrace.spring.grpc;

import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.opentracing.Tracer;
import io.traceandtrace.spring.ConditionalOnTracing;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.TracingProperties;
import io.traceandtrace.spring.handler.ClientSpanHandler;
import io.traceandtrace.spring.handler.GrpcClientSpanCustomizer;
import io.traceandtrace.spring.handler.GrpcServerSpanCustomizer;
import io.traceandtrace.spring.handler.ServerSpanHandler;
import org.springframework.beans.factory.ObjectProvider;
import net.devh.boot.grpc.client.interceptor.GrpcGlobalClientInterceptor;
import net.devh.boot.grpc.common.util.InterceptorOrder;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import java.util.HashSet;

/**
 * gRPC server and client spans through net.devh grpc-spring-boot-starter's global interceptors
 * ({@link GrpcServerSpanCustomizer} and {@link GrpcClientSpanCustomizer} beans rename and tag them),
 * ordered outside its exception handling ({@code @GrpcAdvice}) so the status it maps lands in the span.
 */
@AutoConfiguration(after = TracingAutoConfiguration.class)
@ConditionalOnTracing
@ConditionalOnClass(ServerInterceptor.class)
@ConditionalOnProperty(prefix = "tracing.grpc", name = "enabled", havingValue = "true", matchIfMissing = true)
public class TracingGrpcAutoConfiguration {

    /** Outside net.devh's exception handling (order 0) and its metrics and security interceptors. */
    public static final int INTERCEPTOR_ORDER = InterceptorOrder.ORDER_GLOBAL_EXCEPTION_HANDLING - 1000;

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(GrpcGlobalServerInterceptor.class)
    static class Server {

        @Bean
        @GrpcGlobalServerInterceptor
        @Order(INTERCEPTOR_ORDER)
        @ConditionalOnMissingBean
        TracingServerInterceptor tracingServerInterceptor(Tracer tracer, TracingProperties properties,
                                                          ObjectProvider<GrpcServerSpanCustomizer> customizers) {
            TracingProperties.Grpc grpc = properties.getGrpc();
            return new TracingServerInterceptor(ServerSpanHandler.grpc(tracer, customizers.orderedStream().toList()),
                    new HashSet<>(grpc.getSkipServices()), grpc.isLogMessages());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({GrpcGlobalClientInterceptor.class, ClientInterceptor.class})
    static class Client {

        @Bean
        @GrpcGlobalClientInterceptor
        @Order(INTERCEPTOR_ORDER)
        @ConditionalOnMissingBean
        TracingClientInterceptor tracingClientInterceptor(Tracer tracer, TracingProperties properties,
                                                          ObjectProvider<GrpcClientSpanCustomizer> customizers) {
            TracingProperties.Grpc grpc = properties.getGrpc();
            return new TracingClientInterceptor(ClientSpanHandler.grpc(tracer, customizers.orderedStream().toList()),
                    new HashSet<>(grpc.getSkipServices()), grpc.isLogMessages());
        }
    }
}
