package io.traceandtrace.spring.messaging.kafka;

import io.traceandtrace.spring.messaging.MessageHopContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.util.List;

/** Spring Kafka through an embedded KRaft broker: the messaging contract with no Kafka tracing configuration at all. */
class KafkaTracingTest extends MessageHopContract {

    private static EmbeddedKafkaKraftBroker broker;

    KafkaTracingTest() {
        super(KafkaServices.TOPIC, "orders send", "orders receive");
    }

    @BeforeAll
    static void start() throws IOException {
        broker = new EmbeddedKafkaKraftBroker(1, 1, KafkaServices.TOPIC);
        broker.afterPropertiesSet();
        startServices(KafkaServices.Consumer.class, KafkaServices.Producer.class, List.of(
                "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "spring.kafka.consumer.group-id=orders", "spring.kafka.consumer.auto-offset-reset=earliest"));
    }

    @AfterAll
    static void stop() {
        closeServices();
        if (broker != null) {
            broker.destroy();
        }
    }
}
