package io.traceandtrace.spring.messaging.rabbit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring AMQP's observations are on while tracing is, unless the application says otherwise. */
class RabbitObservationDefaultsTest {

    private static final String[] SWITCHES = {"spring.rabbitmq.template.observation-enabled",
            "spring.rabbitmq.listener.simple.observation-enabled", "spring.rabbitmq.listener.direct.observation-enabled",
            "spring.rabbitmq.listener.stream.observation-enabled"};

    @SpringBootConfiguration
    static class Empty {
    }

    /** Runs an empty application with {@code properties} as its command line (--name=value). */
    private static void withEnvironment(java.util.function.Consumer<Environment> check, String... properties) {
        String[] args = java.util.Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
                .run(args)) {
            check.accept(context.getEnvironment());
        }
    }

    @Test
    void onWhileTracing() {
        withEnvironment(env -> {
            for (String name : SWITCHES) {
                assertThat(env.getProperty(name)).as(name).isEqualTo("true");
            }
        });
    }

    @Test
    void theApplicationsValueWins() {
        withEnvironment(env -> {
            assertThat(env.getProperty(SWITCHES[0])).isEqualTo("false");
            assertThat(env.getProperty(SWITCHES[1])).isEqualTo("true");
        }, SWITCHES[0] + "=false");
    }

    @Test
    void leftAloneWithTracingOrObservationsOff() {
        withEnvironment(env -> assertThat(SWITCHES).allSatisfy(name -> assertThat(env.getProperty(name)).isNull()), "tracing.enabled=false");
        withEnvironment(env -> assertThat(SWITCHES).allSatisfy(name -> assertThat(env.getProperty(name)).isNull()),
                "tracing.observations.enabled=false");
    }
}
