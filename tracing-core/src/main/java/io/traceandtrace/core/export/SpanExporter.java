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

    /**
     * The span in wire form, from the span alone: no state is kept between calls. A
     * {@link RuntimeException} drops this one span (counted, logged).
     */
    E encode(JaegerSpan span);

    /** What the encoded span adds to a message, in bytes, framing included. */
    int sizeInMessage(E encoded);

    /**
     * The stage that holds encoded spans until their group is whole, for a collector that takes spans
     * only in groups (SkyWalking's segments); null, the default, when each span goes out on its own.
     * Asked once, by the pipeline being built: the stage is that pipeline's.
     */
    default GroupingStage<E> groupingStage() {
        return null;
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
