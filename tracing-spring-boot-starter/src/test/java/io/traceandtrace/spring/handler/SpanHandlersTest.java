package io.traceandtrace.spring.handler;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.propagation.TextMapAdapter;
import io.traceandtrace.core.export.SafeUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The handlers' own promises: finish once under racing threads, hooks that fail never fail a call nor flood the log. */
class SpanHandlersTest {

    private final MockTracer tracer = new MockTracer();
    private final Logger callSpanLog = (Logger) LoggerFactory.getLogger(CallSpan.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @AfterEach
    void detach() {
        callSpanLog.detachAppender(logged);
    }

    static HttpExchange exchange(String url, int status) {
        return new HttpExchange() {
            @Override
            public String method() {
                return "GET";
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String path() {
                return "/orders/1";
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public String route() {
                return "/orders/{id}";
            }

            @Override
            public Object unwrap() {
                return this;
            }
        };
    }

    @Test
    void racingAdapterPathsFinishTheSpanOnce() throws Exception {
        ServerSpanHandler<HttpExchange> handler = ServerSpanHandler.http(tracer, "test", List.of(), List.of());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                CallSpan<HttpExchange> call = handler.start(exchange("http://h/orders/1", 200), new TextMapAdapter(new HashMap<>()));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> finishers = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    finishers.add(threads.submit(() -> {
                        go.await();
                        return call.finish();
                    }));
                }
                go.countDown();
                long winners = 0;
                for (Future<Boolean> f : finishers) {
                    winners += f.get(5, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).isOne();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(tracer.finishedSpans()).hasSize(200);
    }

    @Test
    void aFailingHookNeitherStopsTheOthersNorFloodsTheLog() {
        logged.start();
        callSpanLog.addAppender(logged);
        HttpServerSpanCustomizer broken = (exchange, span) -> {
            throw new IllegalStateException("hook bug");
        };
        HttpServerSpanCustomizer fine = (exchange, span) -> span.tag("tenant", "acme");
        ServerSpanHandler<HttpExchange> handler = ServerSpanHandler.http(tracer, "test", List.of(), List.of(broken, fine));
        for (int i = 0; i < 100; i++) {
            assertThat(handler.start(exchange("http://h/orders/1", 200), new TextMapAdapter(new HashMap<>())).finish()).isTrue();
        }
        assertThat(tracer.finishedSpans()).hasSize(100).allSatisfy(span -> assertThat(span.tags())
                .containsEntry("tenant", "acme").containsEntry("http.status_code", 200)
                .containsEntry("http.route", "/orders/{id}"));
        assertThat(tracer.finishedSpans().get(0).operationName()).isEqualTo("GET /orders/{id}");
        assertThat(logged.list).hasSize(1);
        assertThat(logged.list.get(0).getFormattedMessage()).contains("at most once a minute").contains("hook bug");
    }

    @Test
    void aServerSpanIgnoresTheActiveSpanAndAClientSpanIsItsChild() {
        ServerSpanHandler<HttpExchange> server = ServerSpanHandler.http(tracer, "test", List.of(), List.of());
        ClientSpanHandler<HttpExchange> client = ClientSpanHandler.http(tracer, "test", List.of());
        MockSpan stray = tracer.buildSpan("stray").start();
        CallSpan<HttpExchange> serverCall;
        try (var ignored = tracer.activateSpan(stray)) {
            serverCall = server.start(exchange("http://h/orders/1", 200), new TextMapAdapter(new HashMap<>()));
        }
        CallSpan<HttpExchange> clientCall;
        try (var ignored = serverCall.activate()) {
            clientCall = client.start(exchange("http://h/orders/1", 200));
        }
        assertThat(((MockSpan) serverCall.span()).parentId()).isZero();
        assertThat(((MockSpan) clientCall.span()).parentId()).isEqualTo(((MockSpan) serverCall.span()).context().spanId());
    }

    @Test
    void urlTagsKeepNoCredentialsQueryNorFragment() {
        assertThat(SafeUrl.of("http://user:pw@example.com:8080/a/b?token=1#x")).isEqualTo("http://example.com:8080/a/b");
        assertThat(SafeUrl.of("https://user@[::1]/a")).isEqualTo("https://[::1]/a");
        assertThat(SafeUrl.of("http://example.com")).isEqualTo("http://example.com");
        assertThat(SafeUrl.of("/relative/path?q=1")).isEqualTo("/relative/path");
        assertThat(SafeUrl.of("http://us er:p w@host/a b?x")).as("not a URI: still no credentials")
                .isEqualTo("http://host/a b");
    }
}
