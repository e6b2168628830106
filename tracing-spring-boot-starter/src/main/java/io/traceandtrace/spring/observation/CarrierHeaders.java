package io.traceandtrace.spring.observation;

import io.micrometer.observation.transport.Propagator;
import io.opentracing.propagation.TextMap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** An observation's carrier (a Kafka record, an AMQP or JMS message...) seen as trace headers. */
final class CarrierHeaders {

    /**
     * The header names our propagation formats read. A getter can only be asked for a name, so Jaeger's
     * {@code uberctx-*} baggage (a prefix) is not read from messages; W3C {@code baggage} is.
     */
    static final List<String> NAMES = List.of("traceparent", "tracestate", "baggage", "uber-trace-id", "jaeger-baggage",
            "b3", "X-B3-TraceId", "X-B3-SpanId", "X-B3-ParentSpanId", "X-B3-Sampled", "X-B3-Flags",
            "sw8", "sw8-correlation");

    private CarrierHeaders() {
    }

    /** Writes through the observation's setter. */
    static final class Writer<C> implements TextMap {

        private final C carrier;
        private final Propagator.Setter<C> setter;

        Writer(C carrier, Propagator.Setter<C> setter) {
            this.carrier = carrier;
            this.setter = setter;
        }

        @Override
        public void put(String key, String value) {
            setter.set(carrier, key, value);
        }

        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
            throw new UnsupportedOperationException("write only");
        }
    }

    /** Reads the known names through the observation's getter, once each. */
    static final class Reader<C> implements TextMap {

        private final List<Map.Entry<String, String>> entries;

        Reader(C carrier, Propagator.Getter<C> getter) {
            List<Map.Entry<String, String>> found = new ArrayList<>(4);
            for (String name : NAMES) {
                String value = getter.get(carrier, name);
                if (value != null) {
                    found.add(Map.entry(name, value));
                }
            }
            this.entries = found;
        }

        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
            return entries.iterator();
        }

        @Override
        public void put(String key, String value) {
            throw new UnsupportedOperationException("read only");
        }
    }
}
