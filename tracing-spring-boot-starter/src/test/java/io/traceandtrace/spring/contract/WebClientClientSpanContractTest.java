package io.traceandtrace.spring.contract;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The client span contract for a WebClient built from Spring Boot's builder; it gives up with Reactor's timeout. */
@WebContractTest
class WebClientClientSpanContractTest extends HttpClientSpanContract {

    @Autowired
    WebClient.Builder builder;

    private WebClient client;

    @BeforeEach
    void build() {
        client = builder.build();
        // Reactor Netty's first exchange sets up its event loops and pool, which can take longer than the timeout
        client.get().uri(URI.create(base() + "/contract/ok/0")).retrieve().bodyToMono(String.class).block();
        Spans.awaitSpans(reporter, list -> list.stream().anyMatch(s -> is(s, "server", serverName()))
                && list.stream().anyMatch(s -> is(s, "client", clientName())));
        reporter.clear();
    }

    @Override
    String get(String url) {
        return client.get().uri(URI.create(url)).retrieve().bodyToMono(String.class)
                .timeout(Duration.ofMillis(READ_TIMEOUT_MILLIS)).block();
    }

    @Test
    void aTimeoutCancelsTheExchangeAndSaysSo() {
        callTimingOut();
        JaegerSpan client = span("client", clientName());
        assertThat(Spans.logs(client)).anySatisfy(log -> assertThat(log.get("event")).isEqualTo("cancelled"));
    }
}
