package io.traceandtrace.spring.messaging.jms;

import io.micrometer.jakarta9.instrument.jms.JmsInstrumentation;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.jms.TracingJmsAutoConfiguration;
import io.traceandtrace.spring.observation.TracingObservationAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** When the starter puts @JmsListener exceptions on their spans. */
class TracingJmsAutoConfigurationTest {

    private static final String OBSERVER = "tracingJmsListenerErrorObserver";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingObservationAutoConfiguration.class,
                    TracingJmsAutoConfiguration.class))
            .withPropertyValues("tracing.reporter.type=memory");

    @Test
    void onWithSpringJmsAndMicrometersJmsInstrumentation() {
        runner.run(context -> assertThat(context).hasBean(OBSERVER));
    }

    @Test
    void offWithoutMicrometerJakarta9ForThenNothingIsObserved() {
        runner.withClassLoader(new FilteredClassLoader(JmsInstrumentation.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OBSERVER));
    }

    @Test
    void offWithObservationsOrTracingOff() {
        runner.withPropertyValues("tracing.observations.enabled=false").run(context -> assertThat(context).doesNotHaveBean(OBSERVER));
        runner.withPropertyValues("tracing.enabled=false").run(context -> assertThat(context).doesNotHaveBean(OBSERVER));
    }
}
