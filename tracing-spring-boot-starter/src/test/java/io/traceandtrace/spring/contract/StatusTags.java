package io.traceandtrace.spring.contract;

/** A protocol's status tag, the value of a normal answer and of the failure the contract tests provoke. */
record StatusTags(String key, Object ok, Object failing) {

    static final StatusTags HTTP = new StatusTags("http.status_code", 200, 503);
    static final StatusTags GRPC = new StatusTags("grpc.status_code", "OK", "NOT_FOUND");
}
