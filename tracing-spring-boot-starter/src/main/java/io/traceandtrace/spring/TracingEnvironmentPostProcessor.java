package io.traceandtrace.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * Defaults that make other libraries' instrumentation fit ours, only while tracing is on. With gRPC
 * tracing on, switches net.devh's own Micrometer observation interceptors off
 * ({@code management.tracing.grpc.enabled=false}), so a call is not traced twice. A value the user sets
 * wins: this source has the lowest precedence.
 */
class TracingEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "traceandtraceDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean tracing = environment.getProperty("tracing.enabled", Boolean.class, true);
        if (!tracing || environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Map<String, Object> defaults = new HashMap<>();
        if (environment.getProperty("tracing.grpc.enabled", Boolean.class, true)) {
            defaults.put("management.tracing.grpc.enabled", "false");
        }

        // RabbitMQ (Spring AMQP): its template and listener containers report Observations only when asked;
        // our observation handler turns them into producer and consumer spans of one trace
        if (environment.getProperty("tracing.observations.enabled", Boolean.class, true)) {
            defaults.put("spring.rabbitmq.template.observation-enabled", "true");
            defaults.put("spring.rabbitmq.listener.simple.observation-enabled", "true");
            defaults.put("spring.rabbitmq.listener.direct.observation-enabled", "true");
            defaults.put("spring.rabbitmq.listener.stream.observation-enabled", "true");
        }

        if (!defaults.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
        }
    }
}
