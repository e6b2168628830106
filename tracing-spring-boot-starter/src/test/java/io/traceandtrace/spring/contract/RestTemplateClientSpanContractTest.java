package io.traceandtrace.spring.contract;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.web.client.RestTemplate;

/** The client span contract for a RestTemplate built from Spring Boot's builder. */
@WebContractTest
class RestTemplateClientSpanContractTest extends HttpClientSpanContract {

    @Autowired
    RestTemplateBuilder builder;

    private RestTemplate client;

    @BeforeEach
    void build() {
        client = builder.requestFactory(HttpClientSpanContract::requestFactory).build();
    }

    @Override
    String get(String url) {
        return client.getForObject(url, String.class);
    }
}
