package io.traceandtrace.spring.jdbc;

/** The JDBC work that can make spans, chosen with {@code tracing.jdbc.spans}. */
public enum JdbcSpan {

    /** From {@code DataSource.getConnection()} (waiting for the pool included) until the connection is closed. */
    CONNECTION,

    /** One execution of a statement (a batch is one span). */
    QUERY,

    /** Reading a result set, with its row count; every {@code ResultSet} call then goes through a proxy. */
    RESULT_SET
}
