package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;

import java.util.List;

/**
 * Encodes finished spans and sends them, a message at a time; nothing else. The
 * {@link ExportPipeline} owns the queue, the batching, the retries and the counting, and calls an
 * exporter from its one worker thread only.
 *
 * @param <E> one span in the exporter's wire form
 */
public interface SpanExporter<E> {

    /** The span in wire form; a {@link RuntimeException} drops this one span (counted, logged). */
    E encode(JaegerSpan span);

    /** What the encoded span adds to a message, in bytes, framing included. */
    int sizeInMessage(E encoded);

    /**
     * How many finished spans {@code encoded} carries to the collector, for the counts: one, unless the
     * exporter holds spans back and gives them out later together (SkyWalking's segments).
     */
    default int spans(E encoded) {
        return 1;
    }

    /**
     * What the exporter holds back that must leave now: what waited too long (asked on every idle tick),
     * or everything with {@code all} (at close, before the last message); nothing by default.
     */
    default List<E> release(boolean all) {
        return List.of();
    }

    /** The most span bytes one message may carry (after the message's own fixed overhead). */
    int maxMessageBytes();

    /** Sends one message; throws {@link ExportException} saying whether trying again can help. */
    void export(List<E> message) throws ExportException;

    /** Where spans go, for logs and health: no credentials. */
    String describe();

    /** Releases sockets and threads; called once, after the last export. */
    default void close() {
    }
}
