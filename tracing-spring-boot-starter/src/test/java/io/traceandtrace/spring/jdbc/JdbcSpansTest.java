package io.traceandtrace.spring.jdbc;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.spring.jdbc.app.JdbcTestApplication;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;

/** Real HTTP requests into a Spring MVC app whose JdbcTemplate uses Boot's HikariCP over H2: the JDBC work is in the request's trace. */
@SpringBootTest(classes = {JdbcTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.sampler.type=const", "tracing.sampler.param=1",
                "spring.application.name=jdbc-app", "grpc.server.port=-1",
                "spring.datasource.url=jdbc:h2:mem:spans;DB_CLOSE_DELAY=-1"})
class JdbcSpansTest extends JdbcSpansContract {

    @Override
    String system() {
        return "h2";
    }

    @Override
    String missingTableState() {
        return "42S02";
    }

    @Test
    void startUpWorkOutsideATraceMadeNoSpan() {
        // the CREATE TABLE of the app's constructor ran outside any request
        assertThat(reporter.spans()).extracting(JaegerSpan::getOperationName).doesNotContain("CREATE greeting");
    }
}
