package io.traceandtrace.spring.messaging.rabbit;

import io.opentracing.Span;
import io.opentracing.Tracer;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Two services talking over RabbitMQ: "orders" takes an HTTP request and sends a message, "billing" consumes it. */
final class RabbitApps {

    static final String ORDERS = "orders";
    static final String DECLINED = "orders.declined";

    private RabbitApps() {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrdersController.class)
    static class Orders {
    }

    @RestController
    static class OrdersController {

        private final RabbitTemplate rabbit;

        OrdersController(RabbitTemplate rabbit) {
            this.rabbit = rabbit;
        }

        @GetMapping("/orders/{id}")
        String place(@PathVariable String id) {
            rabbit.convertAndSend(ORDERS, "order " + id);
            return "sent " + id;
        }

        @GetMapping("/orders/{id}/declined")
        String decline(@PathVariable String id) {
            rabbit.convertAndSend(DECLINED, "order " + id);
            return "sent " + id;
        }
    }

    /** What the billing listener saw: the message and the trace id active while it ran. */
    record Received(String body, String traceId) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(BillingListener.class)
    static class Billing {

        @Bean
        Queue orders() {
            return new Queue(ORDERS, false);
        }

        @Bean
        Queue declined() {
            return new Queue(DECLINED, false);
        }

        @Bean
        BlockingQueue<Received> received() {
            return new LinkedBlockingQueue<>();
        }
    }

    static class BillingListener {

        private final Tracer tracer;
        private final BlockingQueue<Received> received;

        BillingListener(Tracer tracer, BlockingQueue<Received> received) {
            this.tracer = tracer;
            this.received = received;
        }

        @RabbitListener(queues = ORDERS)
        void bill(String order) {
            Span active = tracer.activeSpan();
            received.add(new Received(order, active != null ? active.context().toTraceId() : null));
        }

        @RabbitListener(queues = DECLINED)
        void declined(String order) {
            throw new IllegalStateException("card declined for " + order);
        }
    }
}
