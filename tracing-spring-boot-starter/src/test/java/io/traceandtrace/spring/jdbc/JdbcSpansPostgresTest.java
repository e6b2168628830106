package io.traceandtrace.spring.jdbc;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.traceandtrace.spring.jdbc.app.JdbcTestApplication;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same JDBC spans over a real PostgreSQL server: db.system, peer host and port come from its URL. */
@DirtiesContext
@SpringBootTest(classes = {JdbcTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.sampler.type=const", "tracing.sampler.param=1",
                "spring.application.name=jdbc-app", "grpc.server.port=-1", "spring.datasource.username=test"})
class JdbcSpansPostgresTest extends JdbcSpansContract {

    private static PostgresServer postgres;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        if (postgres == null) {
            postgres = PostgresServer.start();
        }
        registry.add("spring.datasource.url", postgres::url);
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @Override
    String system() {
        return "postgresql";
    }

    @Override
    String missingTableState() {
        return "42P01";
    }
}
