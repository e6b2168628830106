package io.traceandtrace.spring.contract;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;

import java.net.URI;

/** The client span contract for a RestClient built from Spring Boot's builder. */
@WebContractTest
class RestClientClientSpanContractTest extends HttpClientSpanContract {

    @Autowired
    RestClient.Builder builder;

    private RestClient client;

    @BeforeEach
    void build() {
        client = builder.requestFactory(requestFactory()).build();
    }

    @Override
    String get(String url) {
        return client.get().uri(URI.create(url)).retrieve().body(String.class);
    }
}
