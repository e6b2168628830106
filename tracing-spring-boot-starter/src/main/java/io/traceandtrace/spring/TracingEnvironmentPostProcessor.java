package io.traceandtrace.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * With gRPC tracing on, switches net.devh's own Micrometer observation interceptors off by
 * default ({@code management.tracing.grpc.enabled=false}), so a call is not traced twice. A value
 * the user sets wins: this source has the lowest precedence.
 */
class TracingEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "traceandtraceDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean tracing = environment.getProperty("tracing.enabled", Boolean.class, true);
        boolean grpc = environment.getProperty("tracing.grpc.enabled", Boolean.class, true);
        if (tracing && grpc && !environment.getPropertySources().contains(SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME,
                    Map.of("management.tracing.grpc.enabled", "false")));
        }
    }
}
