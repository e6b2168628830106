package io.traceandtrace.spring.jdbc;

import io.jaegertracing.internal.JaegerSpan;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.observation.TracingObservationAutoConfiguration;
import io.traceandtrace.spring.testing.Spans;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Which data sources are traced, and how the tracing.jdbc settings change the spans, on Boot's HikariCP over H2. */
class TracingJdbcAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingObservationAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, TracingJdbcAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(ObservationAutoConfiguration.class))
            .withBean(CapturingExporter.class, CapturingExporter::new)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1",
                    "spring.datasource.url=jdbc:h2:mem:config;DB_CLOSE_DELAY=-1");

    /** With Actuator's metrics: its registry has a meter handler beside ours. */
    private final ApplicationContextRunner withMetrics = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingObservationAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, TracingJdbcAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    ObservationAutoConfiguration.class))
            .withBean(CapturingExporter.class, CapturingExporter::new)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1",
                    "spring.datasource.url=jdbc:h2:mem:metrics;DB_CLOSE_DELAY=-1");

    private static List<String> jdbcMeters(AssertableApplicationContext context) {
        return context.getBean(MeterRegistry.class).getMeters().stream().map(Meter::getId).map(Meter.Id::getName)
                .filter(name -> name.startsWith("jdbc")).sorted().collect(Collectors.toList());
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void insideSpan(AssertableApplicationContext context, String name, SqlWork work) throws Exception {
        Tracer tracer = context.getBean(Tracer.class);
        Span span = tracer.buildSpan(name).start();
        try (Scope ignored = tracer.activateSpan(span)) {
            work.run(context.getBean(DataSource.class));
        } finally {
            span.finish();
        }
    }

    /** SELECT 1 inside a span "job": its connection span a child of the job, the SELECT a child of the connection. */
    private static JaegerSpan selectInsideAJob(AssertableApplicationContext context) throws Exception {
        CapturingExporter reporter = context.getBean(CapturingExporter.class);
        insideSpan(context, "job", ds -> execute(ds, "SELECT 1"));
        JaegerSpan job = Spans.awaitNamed(reporter, "job");
        JaegerSpan connection = Spans.named(reporter.spans(), "connection");
        JaegerSpan select = Spans.named(reporter.spans(), "SELECT");
        assertThat(Spans.isChildOf(connection, job)).isTrue();
        assertThat(Spans.isChildOf(select, connection)).isTrue();
        return select;
    }

    private static List<String> names(CapturingExporter reporter) {
        return reporter.spans().stream().map(JaegerSpan::getOperationName).collect(Collectors.toList());
    }

    @Test
    void bootsDataSourceIsWrappedOnceAndItsWorkInsideATraceIsTraced() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(DataSource.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(ProxyDataSource.class);
            assertThat(selectInsideAJob(context).getTags()).containsEntry("db.statement", "SELECT ?").containsEntry("db.system", "h2")
                    .containsEntry("peer.service", "dataSource");
        });
    }

    @Test
    void workOutsideATraceStartsNoneUnlessAskedTo() {
        runner.run(context -> {
            execute(context.getBean(DataSource.class), "SELECT 1");
            Thread.sleep(200);
            assertThat(context.getBean(CapturingExporter.class).spans()).isEmpty();
        });
        runner.withPropertyValues("tracing.jdbc.start-traces=true").run(context -> {
            execute(context.getBean(DataSource.class), "SELECT 1");
            JaegerSpan select = Spans.awaitNamed(context.getBean(CapturingExporter.class), "SELECT");
            assertThat(select.getTags()).containsEntry("db.statement", "SELECT ?");
        });
    }

    @Test
    void withActuatorTheSpansAreMadeWithoutJdbcTimersUnlessAskedFor() {
        withMetrics.run(context -> {
            assertThat(selectInsideAJob(context).getTags()).containsEntry("db.statement", "SELECT ?");
            assertThat(jdbcMeters(context)).isEmpty();
        });
        withMetrics.withPropertyValues("tracing.jdbc.metrics=true").run(context -> {
            assertThat(selectInsideAJob(context).getTags()).containsEntry("db.statement", "SELECT ?");
            assertThat(jdbcMeters(context)).contains("jdbc.connection", "jdbc.query");
            assertThat(context.getBean(MeterRegistry.class).get("jdbc.query").timer()).extracting(Timer::count).isEqualTo(1L);
        });
    }

    @Test
    void theApplicationsObservationSettingsStillApplyToTheJdbcSpans() {
        withMetrics.withPropertyValues("management.observations.key-values.region=eu-west").run(context -> {
            insideSpan(context, "job", ds -> execute(ds, "SELECT 1"));
            CapturingExporter reporter = context.getBean(CapturingExporter.class);
            Spans.awaitNamed(reporter, "job");
            assertThat(Spans.named(reporter.spans(), "SELECT").getTags()).containsEntry("region", "eu-west");
            assertThat(Spans.named(reporter.spans(), "connection").getTags()).containsEntry("region", "eu-west");
        });
        withMetrics.withPropertyValues("management.observations.enable.jdbc=false").run(context -> {
            insideSpan(context, "job", ds -> execute(ds, "SELECT 1"));
            Spans.awaitNamed(context.getBean(CapturingExporter.class), "job");
            assertThat(names(context.getBean(CapturingExporter.class))).containsExactly("job");
        });
    }

    @Test
    void disabledLeavesTheDataSourceAsItIs() {
        runner.withPropertyValues("tracing.jdbc.enabled=false").run(context -> {
            assertThat(context.getBean(DataSource.class)).isNotInstanceOf(ProxyDataSource.class);
            insideSpan(context, "job", ds -> execute(ds, "SELECT 1"));
            Spans.awaitNamed(context.getBean(CapturingExporter.class), "job");
            assertThat(names(context.getBean(CapturingExporter.class))).containsExactly("job");
        });
        runner.withPropertyValues("tracing.observations.enabled=false").run(context ->
                assertThat(context.getBean(DataSource.class)).isNotInstanceOf(ProxyDataSource.class));
    }

    @Test
    void literalsAndParametersAreRecordedWhenAskedFor() {
        runner.withPropertyValues("tracing.jdbc.include-literals=true", "tracing.jdbc.include-parameters=true").run(context -> {
            insideSpan(context, "job", ds -> {
                execute(ds, "CREATE TABLE IF NOT EXISTS item (id INT, label VARCHAR(20))");
                try (Connection c = ds.getConnection();
                     PreparedStatement insert = c.prepareStatement("INSERT INTO item VALUES (?, 'fixed')")) {
                    insert.setInt(1, 7);
                    insert.executeUpdate();
                }
            });
            JaegerSpan insert = Spans.awaitNamed(context.getBean(CapturingExporter.class), "INSERT item");
            assertThat(insert.getTags()).containsEntry("db.statement", "INSERT INTO item VALUES (?, 'fixed')")
                    .containsEntry("db.rows_affected", "1");
            assertThat(String.valueOf(insert.getTags().get("db.parameters"))).contains("7");
        });
    }

    @Test
    void onlyTheChosenSpans() {
        runner.withPropertyValues("tracing.jdbc.spans=query,result-set").run(context -> {
            insideSpan(context, "job", ds -> {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                     var rows = s.executeQuery("SELECT x FROM SYSTEM_RANGE(1, 3)")) {
                    while (rows.next()) {
                        rows.getInt(1);
                    }
                }
            });
            CapturingExporter reporter = context.getBean(CapturingExporter.class);
            JaegerSpan job = Spans.awaitNamed(reporter, "job");
            JaegerSpan resultSet = Spans.awaitNamed(reporter, "result-set");
            assertThat(resultSet.getTags()).containsEntry("db.rows_read", "3");
            JaegerSpan select = Spans.named(reporter.spans(), "SELECT SYSTEM_RANGE");
            assertThat(Spans.isChildOf(select, job)).isTrue();
            assertThat(names(reporter)).doesNotContain("connection");
        });
    }

    @Test
    void aWrongSpanNameStopsStartUpNamingTheProperty() {
        runner.withPropertyValues("tracing.jdbc.spans=connection,querry").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("tracing.jdbc.spans");
        });
    }

    @Test
    void aDataSourceTheApplicationAlreadyProxiedIsNotWrappedAgain() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:theirs");
        ProxyDataSource theirs = ProxyDataSourceBuilder.create("theirs", h2).build();
        runner.withBean("dataSource", DataSource.class, () -> theirs).run(context -> {
            assertThat(context.getBean(DataSource.class)).isSameAs(theirs);
            insideSpan(context, "job", ds -> execute(ds, "SELECT 1"));
            Spans.awaitNamed(context.getBean(CapturingExporter.class), "job");
            assertThat(names(context.getBean(CapturingExporter.class))).containsExactly("job");
        });
    }

    @Test
    void concurrentRequestsKeepTheirJdbcSpansInTheirOwnTraces() {
        runner.run(context -> {
            int threads = 8;
            int rounds = 20;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int r = 0; r < rounds; r++) {
                            insideSpan(context, "job-" + thread + "-" + r, ds -> execute(ds, "SELECT 1"));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            List<JaegerSpan> spans = Spans.awaitCount(context.getBean(CapturingExporter.class), threads * rounds * 3);
            Map<Long, JaegerSpan> byId = spans.stream().collect(Collectors.toMap(s -> s.context().getSpanId(), s -> s));
            List<JaegerSpan> selects = spans.stream().filter(s -> s.getOperationName().equals("SELECT")).toList();
            assertThat(selects).hasSize(threads * rounds).allSatisfy(select -> {
                JaegerSpan connection = byId.get(select.context().getParentId());
                assertThat(connection.getOperationName()).isEqualTo("connection");
                JaegerSpan job = byId.get(connection.context().getParentId());
                assertThat(job.getOperationName()).startsWith("job-");
                assertThat(select.context().getTraceIdLow()).isEqualTo(job.context().getTraceIdLow());
            });
        });
    }

    @FunctionalInterface
    interface SqlWork {
        void run(DataSource dataSource) throws Exception;
    }
}
