package io.traceandtrace.spring.jdbc;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC spans a user sees, the same for every database: request span, then connection span, then query spans. */
abstract class JdbcSpansContract {

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    abstract String system();

    abstract String missingTableState();

    @BeforeEach
    void clear() {
        reporter.clear();
    }

    @Test
    void aRequestsQueriesAreChildrenOfItsConnectionSpanWhichIsAChildOfTheRequest() {
        assertThat(HttpGets.get(port, "/greet?name=bob", Map.of()).body()).isEqualTo("hello bob");

        JaegerSpan server = Spans.awaitNamed(reporter, "GET /greet");
        List<JaegerSpan> spans = reporter.spans();
        List<JaegerSpan> connections = spans.stream().filter(s -> s.getOperationName().equals("connection")).toList();
        // JdbcTemplate takes a connection per statement: UPDATE (nothing to update), then INSERT
        assertThat(connections).hasSize(2).allSatisfy(connection -> {
            assertThat(Spans.isChildOf(connection, server)).isTrue();
            assertThat(connection.getTags()).containsEntry("span.kind", "client").containsEntry("db.system", system())
                    .containsEntry("db.type", "sql").doesNotContainKey("error");
        });
        JaegerSpan update = Spans.named(spans, "UPDATE greeting");
        JaegerSpan insert = Spans.named(spans, "INSERT greeting");
        assertThat(connections).anySatisfy(c -> assertThat(Spans.isChildOf(update, c)).isTrue());
        assertThat(connections).anySatisfy(c -> assertThat(Spans.isChildOf(insert, c)).isTrue());
        assertThat(update.getTags()).containsEntry("span.kind", "client").containsEntry("db.system", system())
                .containsEntry("db.statement", "UPDATE greeting SET visits = visits + ? WHERE name = ?")
                .containsEntry("db.rows_affected", "0").doesNotContainKey("db.parameters");
        assertThat(insert.getTags()).containsEntry("db.statement", "INSERT INTO greeting (name, visits) VALUES (?, ?)")
                .containsEntry("db.rows_affected", "1");
        // each statement once: no second span from another path
        assertThat(spans).extracting(JaegerSpan::getOperationName)
                .containsExactlyInAnyOrder("GET /greet", "connection", "connection", "UPDATE greeting", "INSERT greeting");
    }

    @Test
    void literalsWrittenInTheSqlAreNotRecorded() {
        assertThat(HttpGets.get(port, "/secret", Map.of()).statusCode()).isEqualTo(200);

        JaegerSpan select = Spans.awaitNamed(reporter, "SELECT greeting");
        assertThat(select.getTags().get("db.statement"))
                .isEqualTo("SELECT count(*) FROM greeting WHERE name = ? AND visits > ?");
        assertThat(select.getTags().values()).noneMatch(v -> String.valueOf(v).contains("alice"));
    }

    @Test
    void badSqlReachesTheUserUnchangedAndItsSpanIsAnError() {
        HttpResponse<String> response = HttpGets.get(port, "/bad", Map.of());
        assertThat(response.body()).endsWith(" " + missingTableState());

        JaegerSpan select = Spans.awaitNamed(reporter, "SELECT no_such_table");
        assertThat(tag(select, "error")).isEqualTo(true);
        assertThat(Spans.logs(select)).anySatisfy(log -> assertThat(log).containsEntry("event", "error"));
        JaegerSpan server = Spans.awaitNamed(reporter, "GET /bad");
        assertThat(select.context().getTraceIdLow()).isEqualTo(server.context().getTraceIdLow());
    }
}
