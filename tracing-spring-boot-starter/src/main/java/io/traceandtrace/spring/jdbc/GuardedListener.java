package io.traceandtrace.spring.jdbc;

import io.traceandtrace.core.export.ThrottledLog;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.slf4j.LoggerFactory;

import java.util.List;

/** datasource-proxy runs listeners inside the user's JDBC call: a failure of ours is logged, never thrown there. */
final class GuardedListener implements QueryExecutionListener, MethodExecutionListener {

    private static final ThrottledLog failures = new ThrottledLog(LoggerFactory.getLogger(GuardedListener.class));

    private final QueryExecutionListener queries;
    private final MethodExecutionListener methods;

    <L extends QueryExecutionListener & MethodExecutionListener> GuardedListener(L listener) {
        this.queries = listener;
        this.methods = listener;
    }

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        try {
            queries.beforeQuery(execInfo, queryInfoList);
        } catch (RuntimeException e) {
            failures.warn(QueryExecutionListener.class, "Could not start a JDBC query span", e);
        }
    }

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        try {
            queries.afterQuery(execInfo, queryInfoList);
        } catch (RuntimeException e) {
            failures.warn(QueryExecutionListener.class, "Could not finish a JDBC query span", e);
        }
    }

    @Override
    public void beforeMethod(MethodExecutionContext executionContext) {
        try {
            methods.beforeMethod(executionContext);
        } catch (RuntimeException e) {
            failures.warn(MethodExecutionListener.class, "Could not start a JDBC span", e);
        }
    }

    @Override
    public void afterMethod(MethodExecutionContext executionContext) {
        try {
            methods.afterMethod(executionContext);
        } catch (RuntimeException e) {
            failures.warn(MethodExecutionListener.class, "Could not finish a JDBC span", e);
        }
    }
}
