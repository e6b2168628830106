package io.traceandtrace.spring.messaging.kafka;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter turns Spring Kafka's observations on, unless the application says otherwise or tracing is off. */
class KafkaObservationDefaultsTest {

    private static final String TEMPLATE = "spring.kafka.template.observation-enabled";
    private static final String LISTENER = "spring.kafka.listener.observation-enabled";

    @SpringBootConfiguration
    static class Empty {
    }

    /** The two switches in an application started with these command-line properties. */
    private static String[] observationSwitches(String... properties) {
        String[] args = java.util.Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new);
        return switches(new SpringApplicationBuilder(Empty.class).properties("tracing.reporter.type=memory"), args);
    }

    private static String[] switches(SpringApplicationBuilder builder, String... args) {
        try (ConfigurableApplicationContext context = builder.web(WebApplicationType.NONE).run(args)) {
            Environment environment = context.getEnvironment();
            return new String[]{environment.getProperty(TEMPLATE), environment.getProperty(LISTENER)};
        }
    }

    @Test
    void onByDefault() {
        assertThat(observationSwitches()).containsExactly("true", "true");
    }

    @Test
    void theApplicationsValueWins() {
        assertThat(observationSwitches(TEMPLATE + "=false")).containsExactly("false", "true");
    }

    @Test
    void theApplicationsDefaultPropertiesWin() {
        assertThat(switches(new SpringApplicationBuilder(Empty.class)
                .properties("tracing.reporter.type=memory", LISTENER + "=false"))).containsExactly("true", "false");
    }

    @Test
    void leftToSpringKafkaWhenTracingOrObservationsAreOff() {
        assertThat(observationSwitches("tracing.enabled=false")).containsExactly(null, null);
        assertThat(observationSwitches("tracing.observations.enabled=false")).containsExactly(null, null);
    }
}
