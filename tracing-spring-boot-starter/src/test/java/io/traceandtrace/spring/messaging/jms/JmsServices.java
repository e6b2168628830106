package io.traceandtrace.spring.messaging.jms;

import io.traceandtrace.spring.messaging.Inbox;
import io.traceandtrace.spring.messaging.SendEndpoint;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.core.JmsTemplate;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Two services on one queue, each an application of its own with nothing but Spring Boot's JMS (Artemis) support and the starter. */
final class JmsServices {

    static final String QUEUE = "orders";

    private JmsServices() {
    }

    /** Sends the payload of each {@code GET /send} with Boot's JmsTemplate. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Producer {

        @Bean
        SendEndpoint sendEndpoint(JmsTemplate jms) {
            return new SendEndpoint(payload -> jms.convertAndSend(QUEUE, payload));
        }
    }

    /** A {@code @JmsListener} on the queue, keeping the property names of each message it is given. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Consumer {

        final Map<String, List<String>> propertyNames = new ConcurrentHashMap<>();

        @Bean
        Inbox inbox() {
            return new Inbox();
        }

        @JmsListener(destination = QUEUE)
        void onOrder(TextMessage message) throws JMSException {
            propertyNames.put(message.getText(), Collections.list(message.getPropertyNames()).stream().map(String::valueOf).toList());
            inbox().receive(message.getText());
        }
    }
}
