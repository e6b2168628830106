package io.traceandtrace.spring.observation.app;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A web app whose work is instrumented with Micrometer Observations, as Spring's own components are. */
@SpringBootApplication
public class ObservedApplication {

    public static void main(String[] args) {
        SpringApplication.run(ObservedApplication.class, args);
    }

    @RestController
    static class ObservedController {

        private final ObservationRegistry registry;
        private final RestTemplate rest;
        private final Environment environment;
        private final ExecutorService consumer = Executors.newSingleThreadExecutor();

        ObservedController(ObservationRegistry registry, RestTemplateBuilder rest, Environment environment) {
            this.registry = registry;
            this.rest = rest.build();
            this.environment = environment;
        }

        @GetMapping("/observed")
        String observed() {
            return Observation.createNotStarted("inventory.lookup", registry)
                    .contextualName("lookup sku")
                    .lowCardinalityKeyValue("sku.kind", "book")
                    .highCardinalityKeyValue("sku", "123")
                    .observe(() -> "trace=" + MDC.get("traceId"));
        }

        @GetMapping("/failing")
        String failing() {
            try {
                Observation.createNotStarted("inventory.reserve", registry).observe(() -> {
                    throw new IllegalStateException("out of stock");
                });
            } catch (IllegalStateException e) {
                return "failed: " + e.getMessage();
            }
            return "no failure";
        }

        @GetMapping("/outbound")
        String outbound() {
            return rest.getForObject("http://127.0.0.1:" + environment.getProperty("local.server.port") + "/observed", String.class);
        }

        /** A message through a broker in memory: the producer's observation writes the headers the consumer's reads. */
        @GetMapping("/message")
        String message() throws Exception {
            Map<String, String> headers = new ConcurrentHashMap<>();
            SenderContext<Map<String, String>> send = new SenderContext<>(Map::put);
            send.setCarrier(headers);
            send.setRemoteServiceName("broker");
            Observation.createNotStarted("orders send", () -> send, registry).observe(() -> { });
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                ReceiverContext<Map<String, String>> receive = new ReceiverContext<>((carrier, key) -> carrier.get(key));
                receive.setCarrier(headers);
                return Observation.createNotStarted("orders receive", () -> receive, registry)
                        .observe(() -> "consumed trace=" + MDC.get("traceId"));
            }, consumer);
            return received.get() + " headers=" + headers.keySet();
        }
    }
}
