package io.traceandtrace.core.propagation;

/**
 * What a header is to a codec, by its lower-case name, so that {@link MultiFormatCodec} reads the
 * headers once and runs only the codecs that have something to read: a codec whose headers only
 * name a trace is skipped once an earlier format has found one (it would add nothing), while one
 * whose headers add to any trace (baggage, trace state, a debug id) always runs.
 */
interface HeaderGate {

    /** Not a header the codec reads. */
    int NONE = 0;
    /** Read for the trace it names: needed only while no earlier format has found a trace. */
    int TRACE = 1;
    /** Read for what it adds to a trace from any format: always needed when present. */
    int EXTRA = 2;

    /** @param name a header name in lower case */
    int kind(String name);
}
