package io.traceandtrace.spring.observation;

import io.micrometer.observation.transport.Propagator;
import io.opentracing.propagation.TextMap;
import io.traceandtrace.core.export.ThrottledLog;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

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

    private static final ThrottledLog unwritable = new ThrottledLog(LoggerFactory.getLogger(CarrierHeaders.class));

    /** JMS property names must be Java identifiers: a JMS provider refuses the others, some with an exception per message. */
    private static final Class<?> JMS_MESSAGE = ClassUtils.isPresent("jakarta.jms.Message", CarrierHeaders.class.getClassLoader())
            ? ClassUtils.resolveClassName("jakarta.jms.Message", CarrierHeaders.class.getClassLoader()) : null;

    private CarrierHeaders() {
    }

    /** Whether the carrier can hold a header of this name at all. */
    static boolean fits(Object carrier, String name) {
        return JMS_MESSAGE == null || !JMS_MESSAGE.isInstance(carrier) || isJavaIdentifier(name);
    }

    private static boolean isJavaIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes through the observation's setter, each header on its own: a header the setter refuses does not keep
     * the others out. A JMS message is given only the names it can take ({@code traceparent}, {@code tracestate},
     * {@code baggage}, {@code b3}, {@code sw8}), not {@code uber-trace-id} or {@code X-B3-TraceId}.
     */
    static final class Writer<C> implements TextMap {

        private final C carrier;
        private final Propagator.Setter<C> setter;

        Writer(C carrier, Propagator.Setter<C> setter) {
            this.carrier = carrier;
            this.setter = setter;
        }

        @Override
        public void put(String key, String value) {
            if (!fits(carrier, key)) {
                return;
            }
            try {
                setter.set(carrier, key, value);
            } catch (RuntimeException e) {
                // one line a minute per kind of carrier, however many of its headers fail
                unwritable.warn(carrier.getClass(), "Could not write trace header '" + key + "' into "
                        + carrier.getClass().getName() + "; the headers it takes are still written", e);
            }
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
                if (!fits(carrier, name)) {
                    continue;
                }
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
