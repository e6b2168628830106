package io.traceandtrace.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * With tracing on, sets other libraries' properties so each integration is traced once and with no
 * user configuration: one block per integration below. A value the user sets wins: this source has
 * the lowest precedence. Each default is listed in docs/configuration.md.
 */
class TracingEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "traceandtraceDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!enabled(environment, "tracing.enabled") || environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();

        // gRPC: net.devh's own Micrometer observation interceptors off, our interceptors trace the call
        if (enabled(environment, "tracing.grpc.enabled")) {
            defaults.put("management.tracing.grpc.enabled", "false");
        }

        // messaging: the clients observe sends and deliveries only when asked to; those observations become
        // our producer and consumer spans of one trace
        if (enabled(environment, "tracing.observations.enabled")) {
            // Kafka: KafkaTemplate sends and @KafkaListener records
            defaults.put("spring.kafka.template.observation-enabled", "true");
            defaults.put("spring.kafka.listener.observation-enabled", "true");
            // RabbitMQ (Spring AMQP): the template and every listener container type
            defaults.put("spring.rabbitmq.template.observation-enabled", "true");
            defaults.put("spring.rabbitmq.listener.simple.observation-enabled", "true");
            defaults.put("spring.rabbitmq.listener.direct.observation-enabled", "true");
            defaults.put("spring.rabbitmq.listener.stream.observation-enabled", "true");
        }

        // a value set anywhere, SpringApplication's default properties included (Boot moves those behind
        // every source after this runs), is the application's: no default of ours for it
        defaults.keySet().removeIf(environment::containsProperty);
        if (!defaults.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
        }
    }

    private static boolean enabled(ConfigurableEnvironment environment, String property) {
        return environment.getProperty(property, Boolean.class, true);
    }
}
