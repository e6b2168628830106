package io.traceandtrace.core.tracer;

import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.testing.ZipkinServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Collectors that refuse, hang or go away, reproduced with real sockets and a real Zipkin: finishing
 * a span never waits for the network, what does not fit is dropped and counted, and spans flow again
 * when the collector is back.
 */
class CollectorFaultsTest {

    private static final int SPANS = 5_000;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private ServerSocket hung;

    @AfterEach
    void closeSockets() throws Exception {
        for (Socket socket : accepted) {
            socket.close();
        }
        if (hung != null) {
            hung.close();
        }
    }

    /** Accepts connections and never reads nor answers. */
    private int hungCollector() throws Exception {
        hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!hung.isClosed()) {
                try {
                    accepted.add(hung.accept());
                } catch (Exception e) {
                    return;
                }
            }
        }, "hung-collector");
        acceptor.setDaemon(true);
        acceptor.start();
        return hung.getLocalPort();
    }

    private static TracerSettings.Builder settings(ReporterType type, String endpoint) {
        return TracerSettings.builder("faults").samplerType(SamplerType.CONST).samplerParam(1.0)
                .reporterType(type).endpoint(endpoint)
                .maxQueueSize(100).flushInterval(Duration.ofMillis(50))
                .connectTimeout(Duration.ofMillis(500)).readTimeout(Duration.ofSeconds(3))
                .shutdownTimeout(Duration.ofSeconds(2));
    }

    /** Finishing SPANS spans takes less than one read timeout: not one finish waited for the collector. */
    private static void finishManySpans(BoundedTracer tracer, Duration readTimeout) {
        long start = System.nanoTime();
        for (int i = 0; i < SPANS; i++) {
            tracer.buildSpan("op").start().finish();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(readTimeout);
    }

    @Test
    void aHungJaegerCollectorNeverBlocksFinishAndOverflowIsDroppedAndCounted() throws Exception {
        int port = hungCollector();
        TracerFactory factory = new TracerFactory(settings(ReporterType.JAEGER_HTTP,
                "http://127.0.0.1:" + port + "/api/traces").build());
        BoundedTracer tracer = factory.create();
        finishManySpans(tracer, Duration.ofSeconds(3));
        ExportStats.Snapshot stats = factory.exportStats().snapshot();
        assertThat(stats.queued() + stats.dropped(DropReason.QUEUE_FULL)).as("every finished span queued or counted").isEqualTo(SPANS);
        assertThat(stats.droppedTotal()).as("the queue holds 100: the rest is dropped, not waited for").isGreaterThan(SPANS / 2);
        long start = System.nanoTime();
        tracer.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close is bounded").isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void largeSpansAreBoundedByBytesNotOnlyByCount() throws Exception {
        int port = hungCollector();
        for (ReporterType type : List.of(ReporterType.JAEGER_HTTP, ReporterType.ZIPKIN)) {
            TracerFactory factory = new TracerFactory(settings(type, "http://127.0.0.1:" + port + "/api")
                    .maxQueueSize(1000).maxQueueBytes(64L * 1024).build());
            BoundedTracer tracer = factory.create();
            String large = "x".repeat(8 * 1024);
            for (int i = 0; i < 200; i++) {
                tracer.buildSpan("large").withTag("payload", large).start().finish();
            }
            // 64KB holds a few 8KB spans (one may be with the stuck sender), far from the 1000 the count allows
            ExportStats.Snapshot stats = factory.exportStats().snapshot();
            assertThat(stats.droppedTotal()).as(type.id()).isGreaterThanOrEqualTo(200 - 12);
            tracer.close();
        }
    }

    @Test
    void aHungZipkinNeverBlocksFinish() throws Exception {
        int port = hungCollector();
        TracerFactory factory = new TracerFactory(settings(ReporterType.ZIPKIN,
                "http://127.0.0.1:" + port + "/api/v2/spans").build());
        BoundedTracer tracer = factory.create();
        finishManySpans(tracer, Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.exportStats().snapshot().lastError() != null);
        ExportStats.Snapshot stats = factory.exportStats().snapshot();
        assertThat(stats.droppedTotal()).isGreaterThan(SPANS / 2);
        assertThat(stats.lastError()).contains("did not answer within");
        assertThat(stats.failing()).isTrue();
        tracer.close();
    }

    @Test
    void aRefusingCollectorIsCountedAsFailedWithItsError() throws Exception {
        int port = ZipkinServer.freePort(); // nothing listens there
        TracerFactory factory = new TracerFactory(settings(ReporterType.JAEGER_HTTP,
                "http://127.0.0.1:" + port + "/api/traces").build());
        BoundedTracer tracer = factory.create();
        finishManySpans(tracer, Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.exportStats().snapshot().failing());
        assertThat(factory.exportStats().snapshot().lastError()).startsWith("cannot reach http://127.0.0.1:" + port + "/api/traces");
        tracer.close();
    }

    @Test
    void anAgentHostThatDoesNotResolveDoesNotStopTheTracer() {
        TracerFactory factory = new TracerFactory(TracerSettings.builder("faults").samplerType(SamplerType.CONST)
                .samplerParam(1.0).reporterType(ReporterType.JAEGER_UDP).agentHost("no-such-agent.invalid")
                .flushInterval(Duration.ofMillis(50)).build());
        BoundedTracer tracer = factory.create();
        for (int i = 0; i < 10; i++) {
            tracer.buildSpan("op").start().finish();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> factory.exportStats().snapshot().failing());
        assertThat(factory.exportStats().snapshot().lastError()).contains("no-such-agent.invalid does not resolve");
        tracer.close();
    }

    @Test
    void anAbsentUdpAgentCostsNothingAndLogsNothing() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ExportPipeline.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            TracerFactory factory = new TracerFactory(TracerSettings.builder("faults").samplerType(SamplerType.CONST)
                    .samplerParam(1.0).reporterType(ReporterType.JAEGER_UDP).agentHost("127.0.0.1")
                    .agentPort(ZipkinServer.freePort()).flushInterval(Duration.ofMillis(20)).build());
            BoundedTracer tracer = factory.create();
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < 500; j++) {
                    tracer.buildSpan("op").start().finish();
                }
                Thread.sleep(25); // let the packets go out, so the kernel can answer "port unreachable"
            }
            tracer.close();
            // (a busy machine may fill the queue: that cause is counted and logged apart)
            assertThat(appender.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .filteredOn(e -> !e.getFormattedMessage().contains("queue is full")).isEmpty();
            ExportStats.Snapshot stats = factory.exportStats().snapshot();
            assertThat(stats.sent() + stats.dropped(DropReason.QUEUE_FULL)).as("UDP gives no delivery signal")
                    .isEqualTo(20L * 500);
            assertThat(stats.dropped(DropReason.SEND_FAILED)).isZero();
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void droppedSpansAreWarnedAboutOnceNotPerSpan() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ExportPipeline.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            int port = hungCollector();
            TracerFactory factory = new TracerFactory(settings(ReporterType.JAEGER_HTTP,
                    "http://127.0.0.1:" + port + "/api/traces").build());
            BoundedTracer tracer = factory.create();
            finishManySpans(tracer, Duration.ofSeconds(3));
            assertThat(factory.exportStats().snapshot().droppedTotal()).isGreaterThan(1000);
            tracer.close();
            List<ILoggingEvent> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .filter(e -> e.getFormattedMessage().contains("queue is full")).toList();
            assertThat(warnings).as("one line per cause, not one per span").hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage()).contains("Dropped").contains("max-queue-size");
            assertThat(warnings.get(0).getThrowableProxy()).as("stack traces only at debug").isNull();
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void spansFlowAgainWhenZipkinComesBack() throws Exception {
        try (ZipkinServer zipkin = ZipkinServer.start()) {
            TracerFactory factory = new TracerFactory(settings(ReporterType.ZIPKIN, zipkin.spansEndpoint())
                    .serviceName("comeback").maxQueueSize(1000).flushInterval(Duration.ofMillis(100)).build());
            BoundedTracer tracer = factory.create();
            tracer.buildSpan("before").start().finish();
            await().atMost(Duration.ofSeconds(10)).until(() -> zipkin.traces("comeback").size() == 1);

            zipkin.stop();
            tracer.buildSpan("while-down").start().finish();
            await().atMost(Duration.ofSeconds(10)).until(() -> factory.exportStats().snapshot().failing());

            zipkin.startProcess(); // same port, empty storage
            tracer.buildSpan("after").start().finish();
            // the span finished while Zipkin was down is retried within max-retry-age, and arrives too
            await().atMost(Duration.ofSeconds(20)).until(() -> zipkin.traces("comeback").size() == 2);
            assertThat(zipkin.traces("comeback").toString()).contains("\"name\":\"after\"").contains("\"name\":\"while-down\"");
            assertThat(factory.exportStats().snapshot().failing()).isFalse();
            tracer.close();
        }
    }
}
