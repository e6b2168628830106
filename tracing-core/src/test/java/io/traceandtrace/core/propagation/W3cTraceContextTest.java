package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMap;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.limits.SpanLimits;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * W3C Trace Context (traceparent and tracestate as Level 2 defines them), the cases of the
 * recommendation's own test suite (w3c/trace-context test/test.py) and the rules of its text, run through the tracer: extract from the incoming headers, start a child span,
 * inject into the outgoing headers, and read what goes out.
 */
class W3cTraceContextTest {

    static final String TRACE = "12345678901234567890123456789012";
    static final String PARENT = "1234567890123456";
    static final String VALID = "00-" + TRACE + "-" + PARENT + "-01";

    private BoundedTracer tracer = tracer(List.of(PropagationFormat.W3C), 1.0);

    static BoundedTracer tracer(List<PropagationFormat> formats, double sampled) {
        return TracerFactory.create(TracerSettings.builder("svc").reporterType(ReporterType.MEMORY)
                .samplerType(SamplerType.CONST).samplerParam(sampled).propagation(formats).build());
    }

    @AfterEach
    void close() {
        tracer.close();
    }

    /** Headers in order, names repeated as a client may send them. */
    static final class Headers implements TextMap {
        final List<Map.Entry<String, String>> entries = new ArrayList<>();

        static Headers of(String... namesAndValues) {
            Headers headers = new Headers();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                headers.put(namesAndValues[i], namesAndValues[i + 1]);
            }
            return headers;
        }

        List<String> all(String name) {
            return entries.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .collect(Collectors.toList());
        }

        String one(String name) {
            List<String> values = all(name);
            assertThat(values).as("%s headers in %s", name, entries).hasSizeLessThanOrEqualTo(1);
            return values.isEmpty() ? null : values.get(0);
        }

        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
            return entries.iterator();
        }

        @Override
        public void put(String key, String value) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
        }

        @Override
        public String toString() {
            return entries.toString();
        }
    }

    /** What a service sends on after receiving {@code in}: the child span's headers, and the child. */
    record Hop(Headers out, JaegerSpanContext child) {
        String traceId() {
            return out.one("traceparent").substring(3, 35);
        }

        String parentId() {
            return out.one("traceparent").substring(36, 52);
        }

        String flags() {
            return out.one("traceparent").substring(53);
        }

        String traceState() {
            return out.one("tracestate");
        }
    }

    static Hop hop(BoundedTracer tracer, Headers in) {
        JaegerSpanContext parent = (JaegerSpanContext) tracer.extract(Format.Builtin.HTTP_HEADERS, in);
        Span server = tracer.buildSpan("server").asChildOf(parent).start();
        Headers out = new Headers();
        try (Scope ignored = tracer.activateSpan(server)) {
            Span client = tracer.buildSpan("client").start();
            tracer.inject(client.context(), Format.Builtin.HTTP_HEADERS, out);
            client.finish();
            server.finish();
            return new Hop(out, (JaegerSpanContext) client.context());
        }
    }

    static Stream<String> continuedTraceparents() {
        return Stream.of(VALID, "00-" + TRACE + "-" + PARENT + "-00",
                // a later version is read by its leading fields; what follows a dash is ignored
                "cc-" + TRACE + "-" + PARENT + "-01", "cc-" + TRACE + "-" + PARENT + "-01-what-the-future-will-be-like",
                // optional white space around the value
                " " + VALID, "\t" + VALID, VALID + " ", VALID + "\t", "\t " + VALID + " \t",
                // unknown flags are ignored, not rejected
                "00-" + TRACE + "-" + PARENT + "-ff");
    }

    @ParameterizedTest
    @MethodSource("continuedTraceparents")
    void aValidTraceparentIsContinuedWithANewParentId(String traceparent) {
        Hop hop = hop(tracer, Headers.of("traceparent", traceparent));
        assertThat(hop.traceId()).isEqualTo(TRACE);
        assertThat(hop.parentId()).isNotEqualTo(PARENT).isEqualTo(hop.child().toSpanId());
        assertThat(hop.out().one("traceparent")).startsWith("00-").hasSize(55);
    }

    static Stream<String> rejectedTraceparents() {
        return Stream.of(
                "00-" + TRACE + "-" + PARENT + "-01.", "00-" + TRACE + "-" + PARENT + "-01-what-the-future-will-be-like",
                "cc-" + TRACE + "-" + PARENT + "-01.what-the-future-will-be-like",
                "ff-" + TRACE + "-" + PARENT + "-01", ".0-" + TRACE + "-" + PARENT + "-01", "0.-" + TRACE + "-" + PARENT + "-01",
                "000-" + TRACE + "-" + PARENT + "-01", "0000-" + TRACE + "-" + PARENT + "-01", "0-" + TRACE + "-" + PARENT + "-01",
                "00-00000000000000000000000000000000-" + PARENT + "-01",
                "00-.2345678901234567890123456789012-" + PARENT + "-01", "00-1234567890123456789012345678901.-" + PARENT + "-01",
                "00-123456789012345678901234567890123-" + PARENT + "-01", "00-1234567890123456789012345678901-" + PARENT + "-01",
                "00-" + TRACE + "-0000000000000000-01", "00-" + TRACE + "-.234567890123456-01", "00-" + TRACE + "-123456789012345.-01",
                "00-" + TRACE + "-12345678901234567-01", "00-" + TRACE + "-123456789012345-01",
                "00-" + TRACE + "-" + PARENT + "-.0", "00-" + TRACE + "-" + PARENT + "-0.", "00-" + TRACE + "-" + PARENT + "-001",
                "00-" + TRACE + "-" + PARENT + "-1",
                // only lower-case hex
                "00-" + TRACE.replace('1', 'A').toUpperCase() + "-ABCDEF7890123456-01", "0A-" + TRACE + "-" + PARENT + "-01",
                "00-+2345678901234567890123456789012-" + PARENT + "-01", "", "   ");
    }

    @ParameterizedTest
    @MethodSource("rejectedTraceparents")
    void anInvalidTraceparentStartsANewTraceAndDropsItsTracestate(String traceparent) {
        Hop hop = hop(tracer, Headers.of("traceparent", traceparent, "tracestate", "foo=1,bar=2"));
        assertThat(hop.traceId()).isNotEqualTo(TRACE).isNotEqualTo("0".repeat(32)).matches("[0-9a-f]{32}");
        assertThat(hop.traceState()).isNull();
        assertThat(hop.child().getTraceState()).isNull();
    }

    @Test
    void moreThanOneTraceparentIsInvalid() {
        Hop hop = hop(tracer, Headers.of("traceparent", "00-12345678901234567890123456789011-" + PARENT + "-01",
                "traceparent", VALID, "tracestate", "foo=1"));
        assertThat(hop.traceId()).isNotIn("12345678901234567890123456789011", TRACE);
        assertThat(hop.traceState()).isNull();
        // the same value twice is still two headers
        assertThat(hop(tracer, Headers.of("traceparent", VALID, "TraceParent", VALID)).traceId()).isNotEqualTo(TRACE);
    }

    @Test
    void headerNamesAreCaseInsensitiveAndOthersAreNotTraceparent() {
        for (String name : List.of("TraceParent", "TrAcEpArEnT", "TRACEPARENT")) {
            assertThat(hop(tracer, Headers.of(name, VALID, "TRACESTATE", "foo=1")).traceId()).as(name).isEqualTo(TRACE);
            assertThat(hop(tracer, Headers.of(name, VALID, "TrAcEsTaTe", "foo=1")).traceState()).isEqualTo("foo=1");
        }
        for (String name : List.of("trace-parent", "trace.parent")) {
            assertThat(hop(tracer, Headers.of(name, VALID)).traceId()).as(name).isNotEqualTo(TRACE);
        }
        for (String name : List.of("trace-state", "trace.state")) {
            assertThat(hop(tracer, Headers.of("traceparent", VALID, name, "foo=1")).traceState()).as(name).isNull();
        }
    }

    @Test
    void theCallersSampledFlagIsHonouredBothWays() {
        assertThat(hop(tracer, Headers.of("traceparent", "00-" + TRACE + "-" + PARENT + "-00")).flags()).isEqualTo("00");
        assertThat(hop(tracer, Headers.of("traceparent", "00-" + TRACE + "-" + PARENT + "-00")).child().isSampled()).isFalse();
        tracer.close();
        tracer = tracer(List.of(PropagationFormat.W3C), 0.0); // this service alone would sample nothing
        Hop sampled = hop(tracer, Headers.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01"));
        assertThat(sampled.flags()).isEqualTo("01");
        assertThat(sampled.child().isSampled()).isTrue();
        // W3C's other flag bits never turn on Jaeger's debug flag
        assertThat(hop(tracer, Headers.of("traceparent", "00-" + TRACE + "-" + PARENT + "-fe")).child().isDebug()).isFalse();
    }

    /** Level 2's random flag (0x02) is Jaeger's debug flag: read as neither debug nor sampled, and passed on as it came. */
    @Test
    void theCallersRandomFlagIsPassedOnAndForcesNoSampling() {
        tracer.close();
        tracer = tracer(List.of(PropagationFormat.W3C), 0.0);
        Hop randomUnsampled = hop(tracer, Headers.of("traceparent", "00-" + TRACE + "-" + PARENT + "-02"));
        assertThat(randomUnsampled.child().isDebug()).isFalse();
        assertThat(randomUnsampled.child().isSampled()).isFalse();
        assertThat(randomUnsampled.flags()).isEqualTo("02");
        Hop randomSampled = hop(tracer, Headers.of("traceparent", "00-" + TRACE + "-" + PARENT + "-03"));
        assertThat(randomSampled.child().isDebug()).isFalse();
        assertThat(randomSampled.child().isSampled()).isTrue();
        assertThat(randomSampled.flags()).isEqualTo("03");
        // a caller that does not say its id is random: we do not say it either
        assertThat(hop(tracer, Headers.of("traceparent", VALID)).flags()).isEqualTo("01");
        assertThat(hop(tracer, Headers.of("traceparent", "00-" + TRACE + "-" + PARENT + "-00")).flags()).isEqualTo("00");
    }

    @Test
    void aTraceWeStartIsRandomToEveryDescendantButOnlyInTraceparent() {
        tracer.close();
        tracer = tracer(TracerSettings.DEFAULT_PROPAGATION, 1.0);
        Hop started = hop(tracer, Headers.of());
        assertThat(started.flags()).isEqualTo("03");
        assertThat(started.child().isDebug()).isFalse();
        // Jaeger's uber-trace-id has its own flags: sampled only
        assertThat(started.out().one("uber-trace-id")).endsWith(":1");
        // an unsampled trace we start is random too
        tracer.close();
        tracer = tracer(TracerSettings.DEFAULT_PROPAGATION, 0.0);
        assertThat(hop(tracer, Headers.of()).flags()).isEqualTo("02");
        // a trace from a Jaeger or B3 caller makes no such promise
        assertThat(hop(tracer, Headers.of("uber-trace-id", TRACE + ":" + PARENT + ":0:1")).flags()).isEqualTo("01");
        assertThat(hop(tracer, Headers.of("b3", TRACE + "-" + PARENT + "-1")).flags()).isEqualTo("01");
    }

    /** The flag bits this project keeps for itself (random trace id, deferred or root decision) are not the caller's to set. */
    @Test
    void aJaegerCallerCannotSetTheFlagBitsWeKeepForOurselves() {
        tracer.close();
        tracer = tracer(TracerSettings.DEFAULT_PROPAGATION, 0.0);
        Hop hop = hop(tracer, Headers.of("uber-trace-id", TRACE + ":" + PARENT + ":0:71"));
        assertThat(hop.traceId()).as("the caller's trace continues").isEqualTo(TRACE);
        assertThat(hop.child().isSampled()).as("the caller's sampled bit").isTrue();
        assertThat(hop.flags()).as("no random promise from a Jaeger caller").isEqualTo("01");
        assertThat(hop.out().one("uber-trace-id")).endsWith(":1");
    }

    @Test
    void aNewRootCarriesNoTracestate() {
        Hop noHeaders = hop(tracer, Headers.of());
        assertThat(noHeaders.traceState()).isNull();
        Hop stateOnly = hop(tracer, Headers.of("tracestate", "foo=1"));
        assertThat(stateOnly.traceState()).isNull();
        assertThat(stateOnly.traceId()).isNotEqualTo(TRACE);
    }

    /** Level 2's keys: a lower-case letter or digit, then up to 255 of those, {@code _ - * /} and {@code @}. */
    static Stream<Arguments> tracestates() {
        String key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
        String value = IntStream.rangeClosed(0x20, 0x7e).filter(c -> c != ',' && c != '=')
                .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
        List<String> thirtyTwo = IntStream.rangeClosed(1, 32).mapToObj(i -> String.format("bar%02d=%02d", i, i)).toList();
        return Stream.of(
                // test_tracestate_included_traceparent_included, _multiple_headers_different_keys, _empty_header
                Arguments.of(List.of("foo=1,bar=2"), "foo=1,bar=2"),
                Arguments.of(List.of("foo=1,bar=2", "rojo=1,congo=2", "baz=3"), "foo=1,bar=2,rojo=1,congo=2,baz=3"),
                Arguments.of(List.of(""), null),
                Arguments.of(List.of("foo=1", ""), "foo=1"),
                Arguments.of(List.of("", "foo=1"), "foo=1"),
                Arguments.of(List.of(" , \t,foo=1,,\t,"), "foo=1"),
                // test_tracestate_ows_handling: around members only; a value's leading spaces are its own
                Arguments.of(List.of("foo=1 \t , \t bar=2, \t baz=3"), "foo=1,bar=2,baz=3"),
                Arguments.of(List.of("foo=1\t \t,\t \tbar=2,\t \tbaz=3"), "foo=1,bar=2,baz=3"),
                Arguments.of(List.of(" foo=1"), "foo=1"), Arguments.of(List.of("\tfoo=1"), "foo=1"),
                Arguments.of(List.of("foo=1 "), "foo=1"), Arguments.of(List.of("foo=1\t"), "foo=1"),
                Arguments.of(List.of("\t foo=1 \t"), "foo=1"),
                Arguments.of(List.of("foo=  1"), "foo=  1"), Arguments.of(List.of("foo=a b"), "foo=a b"),
                // test_tracestate_all_allowed_characters
                Arguments.of(List.of(key + "=" + value), key + "=" + value),
                Arguments.of(List.of(key + "@a-z0-9_-*/=" + value), key + "@a-z0-9_-*/=" + value),
                // test_tracestate_key_illegal_vendor_format: an @ anywhere after the first character
                Arguments.of(List.of("foo@=1,bar=2"), "foo@=1,bar=2"),
                Arguments.of(List.of("foo@@bar=1,bar=2"), "foo@@bar=1,bar=2"),
                Arguments.of(List.of("foo@bar@baz=1,bar=2"), "foo@bar@baz=1,bar=2"),
                Arguments.of(List.of("0tenant@vendor=1"), "0tenant@vendor=1"), Arguments.of(List.of("1special=1"), "1special=1"),
                Arguments.of(List.of("t@0vendor=1"), "t@0vendor=1"),
                // test_tracestate_member_count_limit
                Arguments.of(List.of(String.join(",", thirtyTwo.subList(0, 10)), String.join(",", thirtyTwo.subList(10, 32))),
                        String.join(",", thirtyTwo)),
                // test_tracestate_key_length_limit: 256 characters in all, wherever the @ is
                Arguments.of(List.of("foo=1", "z".repeat(256) + "=1"), "foo=1," + "z".repeat(256) + "=1"),
                Arguments.of(List.of("foo=1", "t".repeat(241) + "@" + "v".repeat(14) + "=1"),
                        "foo=1," + "t".repeat(241) + "@" + "v".repeat(14) + "=1"),
                Arguments.of(List.of("foo=1", "t".repeat(242) + "@v=1"), "foo=1," + "t".repeat(242) + "@v=1"),
                Arguments.of(List.of("foo=1", "t@" + "v".repeat(15) + "=1"), "foo=1,t@" + "v".repeat(15) + "=1"),
                Arguments.of(List.of("foo=1", "t@" + "v".repeat(254) + "=1"), "foo=1,t@" + "v".repeat(254) + "=1"),
                Arguments.of(List.of("foo=" + "v".repeat(256)), "foo=" + "v".repeat(256)),
                // test_tracestate_duplicated_keys: the list is kept, the first (left-most) value wins
                Arguments.of(List.of("foo=1,foo=1"), "foo=1"), Arguments.of(List.of("foo=1,foo=2"), "foo=1"),
                Arguments.of(List.of("foo=1", "foo=1"), "foo=1"), Arguments.of(List.of("foo=1", "foo=2"), "foo=1"),
                Arguments.of(List.of("foo=1,bar=2,foo=3,baz=4,bar=5"), "foo=1,bar=2,baz=4"),
                // invalid: dropped whole, the trace kept
                Arguments.of(List.of(String.join(",", thirtyTwo) + ",bar33=33"), null),
                Arguments.of(List.of(String.join(",", thirtyTwo), "bar01=again"), null),
                Arguments.of(List.of("foo=1", "z".repeat(257) + "=1"), null),
                Arguments.of(List.of("foo=1", "t".repeat(242) + "@" + "v".repeat(14) + "=1"), null),
                Arguments.of(List.of("foo=1", "t@" + "v".repeat(255) + "=1"), null),
                Arguments.of(List.of("foo =1"), null), Arguments.of(List.of("foo= 1", "bar =2"), null),
                Arguments.of(List.of("FOO=1"), null), Arguments.of(List.of("foo.bar=1"), null),
                Arguments.of(List.of("_foo=1"), null), Arguments.of(List.of("-foo=1"), null),
                Arguments.of(List.of("@foo=1,bar=2"), null), Arguments.of(List.of("bar=2", "@foo=1"), null),
                Arguments.of(List.of("foo=bar=baz"), null), Arguments.of(List.of("foo=,bar=3"), null),
                Arguments.of(List.of("foo= "), null), Arguments.of(List.of("foo=a\tb"), null),
                Arguments.of(List.of("foo=" + "v".repeat(257)), null), Arguments.of(List.of("foo=caf\u00e9"), null),
                Arguments.of(List.of("foo"), null), Arguments.of(List.of("=1"), null));
    }

    @ParameterizedTest
    @MethodSource({"tracestates", "longTracestates"})
    void tracestateHeadersAreCombinedCheckedAndPassedOn(List<String> headers, String expected) {
        Headers in = Headers.of("traceparent", VALID);
        headers.forEach(value -> in.put("tracestate", value));
        Hop hop = hop(tracer, in);
        assertThat(hop.traceId()).isEqualTo(TRACE);
        assertThat(hop.traceState()).isEqualTo(expected);
        assertThat(hop.child().getTraceState()).isEqualTo(expected);
    }

    static String members(String prefix, int count, int valueLength) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format("%s%02d=%s", prefix, i, "v".repeat(valueLength)))
                .collect(Collectors.joining(","));
    }

    /** Over 512 characters: whole members go, those longer than 128 characters first, then from the end. */
    static Stream<Arguments> longTracestates() {
        String a = "a=" + "x".repeat(200); // 202 characters: longer than 128
        String b = "b=" + "y".repeat(200);
        String c = "c=" + "z".repeat(126); // exactly 128: not a long member
        String shorts = members("s", 10, 1);
        return Stream.of(
                // 512 characters exactly: passed on whole
                Arguments.of(List.of("a=" + "x".repeat(256), "b=" + "y".repeat(251)), "a=" + "x".repeat(256) + ",b=" + "y".repeat(251)),
                // from the end: 25 members of 19 characters are 499 with their commas, 26 would be 519
                Arguments.of(List.of(members("k", 32, 15)), members("k", 25, 15)),
                // the right-most long member first, even when a short one follows it
                Arguments.of(List.of(a, shorts, b, c), String.join(",", a, shorts, c)),
                // every long member, wherever it is, before any short one; then short ones from the end
                Arguments.of(List.of(a, members("m", 31, 12)), members("m", 30, 12)));
    }

    @Test
    void everyDescendantAndEveryOutgoingCallCarriesTheTracestate() {
        JaegerSpanContext parent = (JaegerSpanContext) tracer.extract(Format.Builtin.HTTP_HEADERS,
                Headers.of("traceparent", VALID, "tracestate", "vendor=abc,other=x"));
        Span server = tracer.buildSpan("server").asChildOf(parent).start();
        Span child = tracer.buildSpan("child").asChildOf(server).start();
        Span grandchild = tracer.buildSpan("grandchild").asChildOf(child.context()).start();
        Span followsFrom = tracer.buildSpan("later").addReference("follows_from", grandchild.context()).start();
        Span implicit;
        try (Scope ignored = tracer.activateSpan(grandchild)) {
            implicit = tracer.buildSpan("implicit").start();
        }
        for (Span span : List.of(server, child, grandchild, followsFrom, implicit)) {
            assertThat(((JaegerSpanContext) span.context()).getTraceState()).as("%s", span).isEqualTo("vendor=abc,other=x");
            Headers out = new Headers();
            tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, out);
            assertThat(out.one("tracestate")).isEqualTo("vendor=abc,other=x");
            assertThat(out.one("traceparent")).isEqualTo("00-" + TRACE + "-" + span.context().toSpanId() + "-01");
        }
        // baggage or sampling priority set later replace Jaeger's context: the state stays
        grandchild.setBaggageItem("k", "v");
        grandchild.setTag("sampling.priority", 1);
        assertThat(((JaegerSpanContext) grandchild.context()).getTraceState()).isEqualTo("vendor=abc,other=x");
        assertThat(grandchild.context().toSpanId()).isEqualTo(((JaegerSpanContext) grandchild.context()).toSpanId());
        assertThat(grandchild.getBaggageItem("k")).isEqualTo("v");

        try (Scope ignored = tracer.activateSpan(grandchild)) {
            Span root = tracer.buildSpan("root").ignoreActiveSpan().start();
            assertThat(((JaegerSpanContext) root.context()).getTraceState()).isNull();
            root.finish();
        }
        for (Span span : List.of(implicit, followsFrom, grandchild, child, server)) {
            span.finish();
        }
    }

    @Test
    void theTracestateSurvivesThreadsChangingTheSpansContextAtOnce() throws Exception {
        JaegerSpanContext parent = (JaegerSpanContext) tracer.extract(Format.Builtin.HTTP_HEADERS,
                Headers.of("traceparent", VALID, "tracestate", "vendor=abc"));
        Span server = tracer.buildSpan("server").asChildOf(parent).start();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                start.await();
                int checked = 0;
                for (int i = 0; i < 2_000; i++) {
                    server.setBaggageItem("t" + thread, Integer.toString(i)); // replaces Jaeger's context each time
                    Headers out = new Headers();
                    tracer.inject(server.context(), Format.Builtin.HTTP_HEADERS, out);
                    Span child = tracer.buildSpan("child").asChildOf(server).start();
                    if ("vendor=abc".equals(out.one("tracestate"))
                            && "vendor=abc".equals(((JaegerSpanContext) child.context()).getTraceState())) {
                        checked++;
                    }
                    child.finish();
                }
                return checked;
            }));
        }
        for (Future<Integer> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(2_000);
        }
        pool.shutdown();
        for (int t = 0; t < threads; t++) {
            assertThat(server.getBaggageItem("t" + t)).isEqualTo("1999");
        }
        server.finish();
    }

    @Test
    void reportedSpansRecordTheirTracestateAsTheCollectorsTag() {
        InMemoryReporter reported = new InMemoryReporter();
        MultiFormatCodec codec = MultiFormatCodec.of(List.of(PropagationFormat.W3C), true);
        JaegerTracer jaeger = new JaegerTracer.Builder("svc").withReporter(reported).withSampler(new ConstSampler(true))
                .withManualShutdown().registerExtractor(Format.Builtin.HTTP_HEADERS, codec)
                .registerInjector(Format.Builtin.HTTP_HEADERS, codec).build();
        BoundedTracer bounded = BoundedTracer.wrap(jaeger, SpanLimits.builder().build());
        for (String flags : List.of("01", "00")) {
            Hop hop = hop(bounded, Headers.of("traceparent", "00-" + TRACE + "-" + PARENT + "-" + flags, "tracestate", "vendor=abc"));
            assertThat(hop.traceState()).isEqualTo("vendor=abc");
        }
        hop(bounded, Headers.of());
        // server and client of the sampled hop; the unsampled hop reports nothing; the new root has no tracestate
        assertThat(reported.getSpans()).extracting(span -> span.getTags().get(BoundedTracer.TRACE_STATE_TAG))
                .containsExactly("vendor=abc", "vendor=abc", null, null);
        bounded.close();
    }

    @Test
    void aTracestateIsAlsoCarriedWhenAnotherFormatGaveTheSameTrace() {
        tracer.close();
        tracer = tracer(TracerSettings.DEFAULT_PROPAGATION, 1.0);
        Hop hop = hop(tracer, Headers.of("uber-trace-id", TRACE + ":" + PARENT + ":0:1",
                "traceparent", VALID, "tracestate", "vendor=abc"));
        assertThat(hop.traceId()).isEqualTo(TRACE);
        assertThat(hop.traceState()).isEqualTo("vendor=abc");
        // a tracestate belongs to its traceparent: not to another trace from another header
        Hop other = hop(tracer, Headers.of("uber-trace-id", "9" + TRACE.substring(1) + ":" + PARENT + ":0:1",
                "traceparent", VALID, "tracestate", "vendor=abc"));
        assertThat(other.traceId()).isEqualTo("9" + TRACE.substring(1));
        assertThat(other.traceState()).isNull();
    }

    @Test
    void theInjectedTraceparentIsWhatTheSpecificationWrites() {
        Span span = tracer.buildSpan("root").start();
        Headers out = new Headers();
        tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, out);
        JaegerSpanContext context = (JaegerSpanContext) span.context();
        // sampled, and random: jaeger-client drew the trace id
        assertThat(out.one("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-03")
                .isEqualTo(String.format("00-%016x%016x-%016x-03", context.getTraceIdHigh(), context.getTraceIdLow(),
                        context.getSpanId()));
        assertThat(out.all("tracestate")).isEmpty();
        span.finish();
    }
}
