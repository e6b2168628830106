package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Span;
import io.opentracing.propagation.Format;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.propagation.W3cTraceContextTest.Headers;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.traceandtrace.core.propagation.W3cTraceContextTest.PARENT;
import static io.traceandtrace.core.propagation.W3cTraceContextTest.TRACE;
import static io.traceandtrace.core.propagation.W3cTraceContextTest.VALID;
import static org.assertj.core.api.Assertions.assertThat;

/** W3C Baggage as OpenTracing baggage, and baggage and trace from different formats on one request. */
class W3cBaggageTest {

    private BoundedTracer tracer = W3cTraceContextTest.tracer(TracerSettings.DEFAULT_PROPAGATION, 1.0);

    @AfterEach
    void close() {
        tracer.close();
    }

    private void use(List<PropagationFormat> formats) {
        tracer.close();
        tracer = W3cTraceContextTest.tracer(formats, 1.0);
    }

    private JaegerSpanContext extract(Headers in) {
        return (JaegerSpanContext) tracer.extract(Format.Builtin.HTTP_HEADERS, in);
    }

    private static Map<String, String> baggage(JaegerSpanContext context) {
        Map<String, String> items = new HashMap<>();
        if (context != null) {
            context.baggageItems().forEach(e -> items.put(e.getKey(), e.getValue()));
        }
        return items;
    }

    static Stream<Arguments> baggageHeaders() {
        return Stream.of(
                Arguments.of(List.of("userId=alice,serverNode=DF%2028,isProduction=false"),
                        Map.of("userId", "alice", "serverNode", "DF 28", "isProduction", "false")),
                Arguments.of(List.of("userId=alice", "serverNode=DF%2028,isProduction=false"),
                        Map.of("userId", "alice", "serverNode", "DF 28", "isProduction", "false")),
                Arguments.of(List.of("userId =   alice", "serverNode = DF%2028, isProduction = false"),
                        Map.of("userId", "alice", "serverNode", "DF 28", "isProduction", "false")),
                // properties have no place in OpenTracing baggage: the value is kept, they are not
                Arguments.of(List.of("key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue"),
                        Map.of("key1", "value1", "key2", "value2", "key3", "value3")),
                Arguments.of(List.of("k=a=b"), Map.of("k", "a=b")),
                Arguments.of(List.of("k=1+1"), Map.of("k", "1+1")),
                Arguments.of(List.of("k=caf%C3%A9%2C%20ok%3B%25"), Map.of("k", "café, ok;%")),
                Arguments.of(List.of("k="), Map.of("k", "")),
                Arguments.of(List.of("first=1,first=2", "first=3"), Map.of("first", "1")),
                // a member that does not parse is dropped alone
                Arguments.of(List.of("good=1,bad key=2,bad=%zz,quoted=\"x\",noequals,=empty,slash=a\\b,ok=2"),
                        Map.of("good", "1", "ok", "2")),
                Arguments.of(List.of("", " , ,"), Map.of()));
    }

    @ParameterizedTest
    @MethodSource("baggageHeaders")
    void theBaggageHeaderBecomesBaggageItems(List<String> headers, Map<String, String> expected) {
        Headers in = Headers.of("traceparent", VALID);
        headers.forEach(value -> in.put("BAGGAGE", value));
        JaegerSpanContext context = extract(in);
        assertThat(context.toTraceId()).isEqualTo(TRACE);
        assertThat(baggage(context)).isEqualTo(expected);
        // and a child span carries it on
        Span child = tracer.buildSpan("child").asChildOf(context).start();
        expected.forEach((k, v) -> assertThat(child.getBaggageItem(k)).isEqualTo(v));
        child.finish();
    }

    @Test
    void baggageIsWrittenPercentEncodedAndReadsBackTheSame() {
        Span span = tracer.buildSpan("out").start();
        Map<String, String> items = new LinkedHashMap<>();
        items.put("tenant", "a b,c;d=e%f\"g\\h+i");
        items.put("user", "café 東京");
        items.put("plain", "x");
        items.forEach(span::setBaggageItem);
        Headers out = new Headers();
        tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, out);
        String header = out.one("baggage");
        assertThat(header).matches("[\\x21-\\x7e]+").doesNotContain(" ", "\"", "\\", ";");
        assertThat(header.split(",")).containsExactlyInAnyOrder("tenant=a%20b%2Cc%3Bd%3De%25f%22g%5Ch%2Bi",
                "user=caf%C3%A9%20%E6%9D%B1%E4%BA%AC", "plain=x");
        use(List.of(PropagationFormat.W3C));
        assertThat(baggage(extract(Headers.of("baggage", header)))).isEqualTo(items);
        span.finish();
    }

    @Test
    void baggageIsReadAndWrittenOnlyWhenW3cIsConfigured() {
        use(List.of(PropagationFormat.JAEGER));
        JaegerSpanContext in = extract(Headers.of("uber-trace-id", TRACE + ":" + PARENT + ":0:1", "baggage", "k=v"));
        assertThat(baggage(in)).isEmpty();
        Span span = tracer.buildSpan("out").start();
        span.setBaggageItem("k", "v");
        Headers out = new Headers();
        tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, out);
        assertThat(out.all("baggage")).isEmpty();
        assertThat(out.one("uberctx-k")).isEqualTo("v");
        span.finish();
    }

    @Test
    void baggageFromACallerIsBoundedInItemsAndCharacters() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            many.append(i == 0 ? "" : ",").append("item").append(i).append("=v").append(i);
        }
        assertThat(extract(Headers.of("traceparent", VALID, "baggage", many.toString())).baggageCount())
                .isEqualTo(MultiFormatCodec.MAX_BAGGAGE_ITEMS);
        JaegerSpanContext big = extract(Headers.of("traceparent", VALID,
                "baggage", "small=ok,huge=" + "x".repeat(100_000), "uberctx-other", "fine"));
        assertThat(baggage(big)).containsOnlyKeys("small", "other");
        assertThat(big.toTraceId()).isEqualTo(TRACE);
    }

    @Test
    void theWrittenHeaderHasWholeMembersWithinTheBounds() {
        Span span = tracer.buildSpan("out").start();
        for (int i = 0; i < 100; i++) {
            span.setBaggageItem("k" + i, "v".repeat(150));
        }
        Headers out = new Headers();
        tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, out);
        String header = out.one("baggage");
        assertThat(header.length()).isLessThanOrEqualTo(MultiFormatCodec.MAX_BAGGAGE_CHARS);
        assertThat(header.split(",")).hasSizeLessThanOrEqualTo(MultiFormatCodec.MAX_BAGGAGE_ITEMS)
                .allMatch(member -> member.matches("k\\d+=v{150}"));
        span.finish();
    }

    @Test
    void theTraceOfOneFormatKeepsTheBaggageOfAnother() {
        JaegerSpanContext context = extract(Headers.of("traceparent", VALID, "uberctx-user", "alice"));
        assertThat(context.toTraceId()).isEqualTo(TRACE);
        assertThat(context.getBaggageItem("user")).isEqualTo("alice");

        JaegerSpanContext b3 = extract(Headers.of("b3", TRACE + "-" + PARENT + "-1", "baggage", "user=bob",
                "uberctx-tenant", "t1"));
        assertThat(b3.toTraceId()).isEqualTo(TRACE);
        assertThat(baggage(b3)).isEqualTo(Map.of("user", "bob", "tenant", "t1"));
    }

    @Test
    void forAKeyInBothFormatsTheFormatListedFirstWins() {
        Headers both = Headers.of("traceparent", VALID, "uberctx-user", "from-jaeger", "baggage", "user=from-w3c,only=w3c");
        assertThat(baggage(extract(both))).isEqualTo(Map.of("user", "from-jaeger", "only", "w3c"));
        use(List.of(PropagationFormat.W3C, PropagationFormat.JAEGER));
        assertThat(baggage(extract(both))).isEqualTo(Map.of("user", "from-w3c", "only", "w3c"));
    }

    @Test
    void oneMalformedUberctxValueCostsOnlyItself() {
        JaegerSpanContext jaeger = extract(Headers.of("uber-trace-id", TRACE + ":" + PARENT + ":0:1",
                "uberctx-bad", "%zz", "uberctx-good", "yes"));
        assertThat(jaeger.toTraceId()).isEqualTo(TRACE);
        assertThat(jaeger.toSpanId()).isEqualTo(PARENT);
        assertThat(baggage(jaeger)).isEqualTo(Map.of("good", "yes"));

        // a broken uber-trace-id keeps its baggage for the trace of another header
        JaegerSpanContext mixed = extract(Headers.of("uber-trace-id", "broken", "uberctx-good", "yes",
                "uberctx-bad", "100%", "traceparent", VALID));
        assertThat(mixed.toTraceId()).isEqualTo(TRACE);
        assertThat(baggage(mixed)).isEqualTo(Map.of("good", "yes"));
    }
}
