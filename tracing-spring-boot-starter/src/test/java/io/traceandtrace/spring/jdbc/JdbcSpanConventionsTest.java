package io.traceandtrace.spring.jdbc;

import io.micrometer.common.KeyValue;
import net.ttddyy.observation.tracing.QueryContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Query span names and statements, made once per statement text and past the bound of those kept. */
class JdbcSpanConventionsTest {

    @Test
    void everyStatementIsNamedAndMaskedPastTheTextsKept() {
        JdbcSpanConventions.Query convention = new JdbcSpanConventions.Query(false);
        int count = JdbcSpanConventions.Query.MAX_STATEMENTS + 200;
        for (int i = 0; i < count; i++) {
            QueryContext context = query("UPDATE t" + i + " SET name = 'n" + i + "' WHERE id = " + i);
            for (int asked = 0; asked < 2; asked++) { // at start and at stop
                assertThat(convention.getContextualName(context)).isEqualTo("UPDATE t" + i);
                assertThat(statement(convention, context)).isEqualTo("UPDATE t" + i + " SET name = ? WHERE id = ?");
            }
        }
    }

    @Test
    void aStatementLongerThanThoseKeptIsNamedAndMaskedToo() {
        JdbcSpanConventions.Query convention = new JdbcSpanConventions.Query(false);
        StringBuilder sql = new StringBuilder("INSERT INTO greeting (name) VALUES ('a')");
        StringBuilder masked = new StringBuilder("INSERT INTO greeting (name) VALUES (?)");
        while (sql.length() <= JdbcSpanConventions.Query.MAX_KEPT_LENGTH) {
            sql.append(", ('a')");
            masked.append(", (?)");
        }
        QueryContext context = query(sql.toString());
        for (int asked = 0; asked < 2; asked++) {
            assertThat(convention.getContextualName(context)).isEqualTo("INSERT greeting");
            assertThat(statement(convention, context)).isEqualTo(masked.toString());
        }
    }

    @Test
    void literalsAreKeptWhenAskedAndBatchesJoined() {
        JdbcSpanConventions.Query withLiterals = new JdbcSpanConventions.Query(true);
        QueryContext context = query("INSERT INTO greeting (name) VALUES ('ann')");
        assertThat(withLiterals.getContextualName(context)).isEqualTo("INSERT greeting");
        assertThat(statement(withLiterals, context)).isEqualTo("INSERT INTO greeting (name) VALUES ('ann')");

        JdbcSpanConventions.Query masked = new JdbcSpanConventions.Query(false);
        QueryContext batch = new QueryContext();
        batch.setQueries(List.of("DELETE FROM a WHERE x = 1", "DELETE FROM b WHERE y = 'z'"));
        assertThat(masked.getContextualName(batch)).isEqualTo("DELETE a");
        assertThat(statement(masked, batch)).isEqualTo("DELETE FROM a WHERE x = ?;\nDELETE FROM b WHERE y = ?");
        // the same text from the cache a second time, with the other convention's literals not leaking in
        assertThat(statement(masked, query("INSERT INTO greeting (name) VALUES ('ann')")))
                .isEqualTo("INSERT INTO greeting (name) VALUES (?)");
    }

    @Test
    void threadsNamingTheSameStatementsAgreeOnEveryName() throws Exception {
        JdbcSpanConventions.Query convention = new JdbcSpanConventions.Query(false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 5_000; i++) {
                        int table = i % 300;
                        QueryContext context = query("SELECT * FROM t" + table + " WHERE v = 'x'");
                        wrong += convention.getContextualName(context).equals("SELECT t" + table) ? 0 : 1;
                        wrong += statement(convention, context).equals("SELECT * FROM t" + table + " WHERE v = ?") ? 0 : 1;
                    }
                    return wrong;
                });
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static QueryContext query(String sql) {
        QueryContext context = new QueryContext();
        context.setQueries(List.of(sql));
        return context;
    }

    private static String statement(JdbcSpanConventions.Query convention, QueryContext context) {
        for (KeyValue tag : convention.getHighCardinalityKeyValues(context)) {
            if (tag.getKey().equals(JdbcSpanConventions.DB_STATEMENT)) {
                return tag.getValue();
            }
        }
        return null;
    }
}
