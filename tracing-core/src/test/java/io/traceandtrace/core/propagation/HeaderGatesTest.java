package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.propagation.TextMapAdapter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static io.traceandtrace.core.propagation.PropagationFormat.B3;
import static io.traceandtrace.core.propagation.PropagationFormat.B3_SINGLE;
import static io.traceandtrace.core.propagation.PropagationFormat.JAEGER;
import static io.traceandtrace.core.propagation.PropagationFormat.SW8;
import static io.traceandtrace.core.propagation.PropagationFormat.W3C;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the headers once and running only the formats that have something to read must give
 * the context that running every format on every carrier gives, whatever the caller sends.
 */
class HeaderGatesTest {

    private static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
    private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN = "a2fb4a1d1a96d312";

    /** Each header a caller may send, with values valid for one trace or another, and malformed ones. */
    private static final Map<String, List<String>> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("uber-trace-id", List.of(TRACE + ":" + SPAN + ":0:1", OTHER_TRACE + ":b7ad6b7169203331:0:0", "zz", "1:2:3"));
        VALUES.put("uberctx-user", List.of("alice", "bad%zz"));
        VALUES.put("uberctx-tier", List.of("gold"));
        VALUES.put("jaeger-debug-id", List.of("debug-1"));
        VALUES.put("jaeger-baggage", List.of("k1=v1, k2=v2"));
        VALUES.put("traceparent", List.of("00-" + TRACE + "-" + SPAN + "-01", "00-" + OTHER_TRACE + "-b7ad6b7169203331-00",
                "00-zz", "ff-" + TRACE + "-" + SPAN + "-01"));
        VALUES.put("tracestate", List.of("rojo=00f067aa0ba902b7", "not a state"));
        VALUES.put("baggage", List.of("user=bob,region=eu", "=bad"));
        VALUES.put("x-b3-traceid", List.of(TRACE, OTHER_TRACE, "zz"));
        VALUES.put("x-b3-spanid", List.of(SPAN, "zz"));
        VALUES.put("x-b3-parentspanid", List.of("b7ad6b7169203331"));
        VALUES.put("x-b3-sampled", List.of("1", "0", "true"));
        VALUES.put("x-b3-flags", List.of("1"));
        VALUES.put("baggage-user", List.of("carol"));
        VALUES.put("b3", List.of(TRACE + "-" + SPAN + "-1", "0", "zz", OTHER_TRACE + "-b7ad6b7169203331"));
        VALUES.put("sw8", List.of(Sw8PropagationTest.sw8(-1, null), "garbage", Sw8PropagationTest.sw8(3, "x")));
        VALUES.put("sw8-correlation", List.of(Sw8PropagationTest.b64("user") + ":" + Sw8PropagationTest.b64("dave"), "!!"));
        VALUES.put("host", List.of("localhost:8080"));
        VALUES.put("content-type", List.of("application/grpc"));
    }

    private static final List<List<PropagationFormat>> ORDERS = List.of(
            List.of(JAEGER, W3C, B3),
            List.of(W3C, B3, JAEGER, B3_SINGLE),
            List.of(SW8, JAEGER, W3C, B3),
            List.of(B3_SINGLE, B3, W3C, SW8, JAEGER));

    @Test
    void everyCombinationOfHeadersGivesWhatEveryFormatReadingEverythingGives() {
        Random random = new Random(16);
        List<String> names = new ArrayList<>(VALUES.keySet());
        int withTrace = 0;
        for (List<PropagationFormat> formats : ORDERS) {
            for (boolean urlEncoding : new boolean[] {true, false}) {
                MultiFormatCodec gated = MultiFormatCodec.of(formats, urlEncoding);
                MultiFormatCodec everything = MultiFormatCodec.of(formats, urlEncoding, false);
                for (int i = 0; i < 3_000; i++) {
                    Collections.shuffle(names, random);
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (String name : names.subList(0, random.nextInt(names.size() + 1))) {
                        List<String> values = VALUES.get(name);
                        String sent = random.nextInt(4) == 0 ? name.toUpperCase(Locale.ROOT) : name;
                        headers.put(sent, values.get(random.nextInt(values.size())));
                    }
                    JaegerSpanContext expected = everything.extract(new TextMapAdapter(headers));
                    JaegerSpanContext got = gated.extract(new TextMapAdapter(headers));
                    assertThat(describe(got)).as("%s from %s", formats, headers).isEqualTo(describe(expected));
                    if (expected != null && (expected.getTraceIdLow() != 0 || expected.getTraceIdHigh() != 0)) {
                        withTrace++;
                    }
                }
            }
        }
        assertThat(withTrace).as("carriers that continued a trace").isGreaterThan(10_000);
    }

    @Test
    void aTraceInThreeFormatsKeepsTheBaggageAndTraceStateOfTheLaterOnes() {
        MultiFormatCodec codec = MultiFormatCodec.of(List.of(JAEGER, W3C, B3), true);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("uber-trace-id", TRACE + ":" + SPAN + ":0:1");
        headers.put("traceparent", "00-" + TRACE + "-" + SPAN + "-01");
        headers.put("tracestate", "rojo=00f067aa0ba902b7");
        headers.put("baggage", "user=bob");
        headers.put("X-B3-TraceId", TRACE);
        headers.put("X-B3-SpanId", SPAN);
        headers.put("baggage-tier", "gold");
        JaegerSpanContext context = codec.extract(new TextMapAdapter(headers));
        assertThat(context.getTraceId()).isEqualTo(TRACE);
        assertThat(context.getTraceState()).isEqualTo("rojo=00f067aa0ba902b7");
        assertThat(context.getBaggageItem("user")).isEqualTo("bob");
        assertThat(context.getBaggageItem("tier")).isEqualTo("gold");
    }

    /** What a user of the context sees: its type, ids, flags (sampled, debug, deferred), baggage and trace state. */
    private static String describe(JaegerSpanContext context) {
        if (context == null) {
            return "none";
        }
        List<String> baggage = new ArrayList<>();
        context.baggageItems().forEach(item -> baggage.add(item.getKey() + "=" + item.getValue()));
        // a caller's "not sampled" without ids makes up a parent with new random ids each time: the flag is what counts
        String ids = (context.getFlags() & SamplingState.ROOT) != 0 ? "made-up parent, flags " + context.getFlags() : context.toString();
        return context.getClass().getSimpleName() + " " + ids + " sampled=" + context.isSampled()
                + " debug=" + context.isDebug() + " baggage=" + baggage + " state=" + context.getTraceState();
    }
}
