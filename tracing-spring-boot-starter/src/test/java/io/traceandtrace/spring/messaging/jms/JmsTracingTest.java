package io.traceandtrace.spring.messaging.jms;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import io.traceandtrace.spring.messaging.Inbox;
import io.traceandtrace.spring.messaging.MessageHopContract;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS through an Artemis broker on a socket: the messaging contract with Spring Boot's JmsTemplate and
 * {@code @JmsListener}, the default propagation formats and micrometer-jakarta9 on the classpath.
 */
class JmsTracingTest extends MessageHopContract {

    /** Micrometer's JMS setter logs a header the message refuses: once as a warning, then at debug. */
    private static final String MICROMETER_JMS = "io.micrometer.jakarta9.instrument.jms";

    @TempDir
    static Path data;

    private static final ListAppender<ILoggingEvent> micrometerLog = new ListAppender<>();
    private static EmbeddedActiveMQ broker;

    JmsTracingTest() {
        super(JmsServices.QUEUE, "orders publish", "orders process");
    }

    @BeforeAll
    static void start() throws Exception {
        int port = freePort();
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setBrokerInstance(data.toFile());
        configuration.setPersistenceEnabled(false).setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        broker = new EmbeddedActiveMQ().setConfiguration(configuration);
        broker.start();
        startServices(JmsServices.Consumer.class, JmsServices.Producer.class,
                List.of("spring.artemis.broker-url=tcp://127.0.0.1:" + port));
        // after the services start: Spring Boot resets logback when it starts one
        micrometerLog.start();
        ((Logger) LoggerFactory.getLogger(MICROMETER_JMS)).addAppender(micrometerLog);
    }

    @AfterAll
    static void stop() throws Exception {
        closeServices();
        if (broker != null) {
            broker.stop();
        }
        ((Logger) LoggerFactory.getLogger(MICROMETER_JMS)).detachAppender(micrometerLog);
    }

    @Test
    void aJmsMessageIsGivenOnlyTheHeadersItCanTake() {
        String payload = "names-" + UUID.randomUUID();
        producer.getBean(JmsTemplate.class).convertAndSend(JmsServices.QUEUE, payload);
        consumer.getBean(Inbox.class).await(payload);

        List<String> names = consumer.getBean(JmsServices.Consumer.class).propertyNames.get(payload);
        assertThat(names).contains("traceparent").noneMatch(name -> name.contains("-"));
        // no header was offered that the message had to refuse, on this send or an earlier one
        assertThat(micrometerLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("Failed to set message property"));
    }

    @Test
    void aHeaderTheSetterRefusesDoesNotKeepTheOthersOut() {
        // a setter as strict as a JMS provider's, with no catch of its own
        Map<String, String> written = new HashMap<>();
        SenderContext<Map<String, String>> send = new SenderContext<>((carrier, key, value) -> {
            if (key.contains("-")) {
                throw new IllegalArgumentException("not a Java identifier: " + key);
            }
            carrier.put(key, value);
        });
        send.setCarrier(written);
        Observation.createNotStarted("refusing send", () -> send, producer.getBean(ObservationRegistry.class)).observe(() -> { });

        assertThat(written).containsKey("traceparent").doesNotContainKey("uber-trace-id");
    }
}
