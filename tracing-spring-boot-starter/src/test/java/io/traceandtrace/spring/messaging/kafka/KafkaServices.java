package io.traceandtrace.spring.messaging.kafka;

import io.traceandtrace.spring.messaging.Inbox;
import io.traceandtrace.spring.messaging.SendEndpoint;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import java.util.concurrent.TimeUnit;

/** Two services on one topic, each an application of its own with nothing but Spring Boot's Kafka support and the starter. */
final class KafkaServices {

    static final String TOPIC = "orders";

    private KafkaServices() {
    }

    /** Sends the payload of each {@code GET /send} with Boot's KafkaTemplate. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Producer {

        @Bean
        SendEndpoint sendEndpoint(KafkaTemplate<String, String> kafka) {
            return new SendEndpoint(payload -> kafka.send(TOPIC, payload).get(20, TimeUnit.SECONDS));
        }
    }

    /** A {@code @KafkaListener} on the topic, no retries of a failed record. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Consumer {

        @Bean
        Inbox inbox() {
            return new Inbox();
        }

        @Bean
        CommonErrorHandler noRetries() {
            return new DefaultErrorHandler(new FixedBackOff(0, 0));
        }

        @KafkaListener(topics = TOPIC)
        void onOrder(String payload) {
            inbox().receive(payload);
        }
    }
}
