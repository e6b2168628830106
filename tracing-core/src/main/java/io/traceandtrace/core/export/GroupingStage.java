package io.traceandtrace.core.export;

import java.util.List;

/**
 * The pipeline stage for a collector that takes spans only in groups sent whole (SkyWalking's
 * segments): it holds encoded spans until their group is complete and gives groups out, each of
 * which goes into one message, its spans next to each other and in the order given. It sits on the
 * worker thread between the encoder and the message being filled; the encoder stays pure (one span
 * in, its wire form out) and the grouping state lives here.
 *
 * <p>The pipeline does the accounting: a span held here is still one taken and not settled, so
 * close counts it as lost at shutdown if it never leaves, flush does not wait for it (its group is
 * not complete; see {@link ExportPipeline#flush}), and it is counted once, when its group is sent
 * or dropped. The pipeline also bounds what is held, by the queue's own limits: while more than
 * {@code max-queue-size} spans or {@code max-queue-bytes} (their size in a message) are held, it
 * takes {@link #releaseOldest()}. How long a group may wait is the stage's: {@link #expired()} is
 * asked after every span and on every idle tick, so a group leaves in time even when no span comes.
 * Called from the worker thread only.
 *
 * @param <E> the exporter's wire form of one span
 */
public interface GroupingStage<E> {

    /** Holds one encoded span of {@code size} bytes in a message; returns the groups it completed. */
    List<List<E>> add(E span, int size);

    /** The groups held longer than the stage allows, as they are. */
    List<List<E>> expired();

    /** The group held longest, as it is: what is held passed the pipeline's bounds. */
    List<List<E>> releaseOldest();

    /** Everything held, as it is: at close, before the last message. */
    List<List<E>> drain();

    /** Spans held now. */
    int heldSpans();

    /** What the spans held now add to a message, in bytes (the sizes {@link #add} was given). */
    long heldBytes();
}
