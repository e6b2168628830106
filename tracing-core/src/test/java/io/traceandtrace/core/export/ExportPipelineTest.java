package io.traceandtrace.core.export;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.traceandtrace.core.export.jaeger.JaegerHttpExporter;
import io.traceandtrace.core.testing.JaegerCollector;
import io.traceandtrace.core.testing.JaegerCollector.Answer;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The export pipeline with real threads and a real HTTP collector: nothing queued is lost
 * uncounted, full messages go out at once, failures are retried or dropped as they should be,
 * and close sends everything within its deadline; the worker survives anything an exporter throws,
 * the queue figures stay live while it is stuck, a drop costs the finishing thread only a count,
 * and every span ends in exactly one count.
 */
class ExportPipelineTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private JaegerTracer tracer(ExportPipeline<?> pipeline) {
        JaegerTracer tracer = new JaegerTracer.Builder("pipeline-test").withReporter(pipeline)
                .withSampler(new ConstSampler(true)).withManualShutdown().build();
        closeables.add(tracer);
        return tracer;
    }

    private static ExportPipeline.Builder<byte[]> toCollector(JaegerCollector collector) {
        TracerSettings settings = TracerSettings.builder("pipeline-test").endpoint(collector.endpoint()).build();
        return ExportPipeline.builder(new JaegerHttpExporter(TracerFactory.http(settings,
                JaegerHttpExporter.endpoint(collector.endpoint()), JaegerHttpExporter.contentType())));
    }

    /** Keeps what it is sent; messages of at most {@code perMessage} spans. */
    private static final class Recording implements SpanExporter<JaegerSpan> {
        final Set<Long> spanIds = ConcurrentHashMap.newKeySet();
        final List<Integer> messageSizes = new CopyOnWriteArrayList<>();
        final int perMessage;

        Recording(int perMessage) {
            this.perMessage = perMessage;
        }

        @Override
        public JaegerSpan encode(JaegerSpan span) {
            return span;
        }

        @Override
        public int sizeInMessage(JaegerSpan encoded) {
            return 1;
        }

        @Override
        public int maxMessageBytes() {
            return perMessage;
        }

        @Override
        public void export(List<JaegerSpan> message) {
            messageSizes.add(message.size());
            message.forEach(s -> spanIds.add(s.context().getSpanId()));
        }

        @Override
        public String describe() {
            return "recording";
        }
    }

    @Test
    void everySpanFinishedOnManyThreadsIsSentOrCountedAsDropped() throws Exception {
        Recording exporter = new Recording(512);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).maxQueueSpans(256).build();
        JaegerTracer tracer = tracer(pipeline);
        int threads = 8;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    tracer.buildSpan("op").start().finish();
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        pipeline.close();
        ExportStats.Snapshot stats = pipeline.stats().snapshot();
        long total = (long) threads * perThread;
        assertThat(stats.queued() + stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(total);
        assertThat(stats.sent()).isEqualTo(stats.queued()).isEqualTo(exporter.spanIds.size());
        assertThat(stats.droppedTotal()).isEqualTo(stats.dropped(DropReason.QUEUE_FULL));
        assertThat(stats.queueSpans()).isZero();
        assertThat(stats.queueBytes()).isZero();
    }

    @Test
    void aFullMessageGoesOutWithoutWaitingForTheFlushInterval() {
        Recording exporter = new Recording(10);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).flushInterval(Duration.ofMinutes(10)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);
        for (int i = 0; i < 25; i++) {
            tracer.buildSpan("op").start().finish();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> exporter.spanIds.size() == 20);
        assertThat(exporter.messageSizes).containsExactly(10, 10);
        pipeline.close();
        assertThat(exporter.spanIds).hasSize(25);
    }

    @Test
    void aPartialMessageGoesOutOnceTheFlushIntervalHasPassed() {
        Recording exporter = new Recording(1000);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).flushInterval(Duration.ofMillis(200)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);
        for (int i = 0; i < 3; i++) {
            tracer.buildSpan("op").start().finish();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> exporter.spanIds.size() == 3);
        assertThat(exporter.messageSizes).containsExactly(3);
    }

    @Test
    void finishingSpansWakesTheExportThreadOncePerMessageNotOncePerSpan() throws Exception {
        Recording exporter = new Recording(1000);
        Set<Long> others = exportThreadIds();
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).flushInterval(Duration.ofMinutes(10)).build();
        closeables.add(pipeline::close);
        Set<Long> ours = exportThreadIds();
        ours.removeAll(others);
        assertThat(ours).hasSize(1);
        long worker = ours.iterator().next();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        JaegerTracer tracer = tracer(pipeline);
        tracer.buildSpan("first").start().finish(); // the worker learns what a span weighs, then waits
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            ThreadInfo info = threads.getThreadInfo(worker);
            return info.getThreadState() == Thread.State.TIMED_WAITING && pipeline.stats().snapshot().queueSpans() == 0;
        });
        long waitsBefore = threads.getThreadInfo(worker).getWaitedCount();
        List<Thread> finishing = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    tracer.buildSpan("op").start().finish();
                    try {
                        Thread.sleep(1); // time enough for a woken worker to take the span and wait again
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
            finishing.add(thread);
        }
        for (Thread thread : finishing) {
            thread.join();
        }
        long waits = threads.getThreadInfo(worker).getWaitedCount() - waitsBefore;
        assertThat(waits).as("times the export thread waited again while 200 spans finished").isLessThan(10);
        assertThat(pipeline.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(exporter.spanIds).hasSize(201);
        assertThat(exporter.messageSizes).containsExactly(201);
    }

    private static Set<Long> exportThreadIds() {
        Set<Long> ids = new java.util.HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("traceandtrace-export") && thread.isAlive()) {
                ids.add(thread.getId());
            }
        }
        return ids;
    }

    @Test
    void flushSendsWhatIsQueuedNow() {
        Recording exporter = new Recording(1000);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).flushInterval(Duration.ofMinutes(10)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);
        for (int i = 0; i < 7; i++) {
            tracer.buildSpan("op").start().finish();
        }
        assertThat(pipeline.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(exporter.spanIds).hasSize(7);
    }

    @Test
    void transientFailuresAreRetriedHonouringRetryAfterAndNothingIsLost() throws Exception {
        JaegerCollector collector = JaegerCollector.start()
                .answer(new Answer(503, Map.of("Retry-After", "1")), Answer.of(429), Answer.of(502));
        closeables.add(collector);
        ExportPipeline<byte[]> pipeline = toCollector(collector).flushInterval(Duration.ofMillis(50)).build();
        JaegerTracer tracer = tracer(pipeline);
        for (int i = 0; i < 100; i++) {
            tracer.buildSpan("op").start().finish();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> collector.spansAccepted() == 100);
        List<Long> at = collector.requestNanos();
        assertThat(Duration.ofNanos(at.get(1) - at.get(0))).as("Retry-After: 1 honoured")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        pipeline.close();
        ExportStats.Snapshot stats = pipeline.stats().snapshot();
        assertThat(stats.sent()).isEqualTo(100);
        assertThat(stats.retries()).isGreaterThanOrEqualTo(3);
        assertThat(stats.droppedTotal()).isZero();
    }

    @Test
    void aPermanentFailureIsDroppedAtOnceWithOneLineThatSaysWhatToFix() throws Exception {
        JaegerCollector collector = JaegerCollector.start().answer(Answer.of(401));
        closeables.add(collector);
        Logger logger = (Logger) LoggerFactory.getLogger(ExportPipeline.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            ExportPipeline<byte[]> pipeline = toCollector(collector).flushInterval(Duration.ofMillis(50)).build();
            JaegerTracer tracer = tracer(pipeline);
            for (int i = 0; i < 10; i++) {
                tracer.buildSpan("op").start().finish();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().snapshot().dropped(DropReason.SEND_FAILED) == 10);
            await().atMost(Duration.ofSeconds(5)).until(() -> !appender.list.isEmpty());
            assertThat(collector.requests()).as("not retried").isEqualTo(1);
            List<String> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("answered 401").contains("check the credentials");
            pipeline.close();
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aCollectorThatKeepsFailingIsRetriedOnlyWithinTheRetryWindow() throws Exception {
        JaegerCollector collector = JaegerCollector.start();
        for (int i = 0; i < 1000; i++) {
            collector.answer(Answer.of(503));
        }
        closeables.add(collector);
        ExportPipeline<byte[]> pipeline = toCollector(collector).flushInterval(Duration.ofMillis(50))
                .maxRetryAge(Duration.ofSeconds(1)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);
        for (int i = 0; i < 10; i++) {
            tracer.buildSpan("op").start().finish();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().snapshot().dropped(DropReason.SEND_FAILED) == 10);
        assertThat(pipeline.stats().snapshot().lastError()).contains("answered 503");
        assertThat(collector.spansAccepted()).isZero();
    }

    @Test
    void closeSendsEveryQueuedSpanThoughTheFlushIntervalIsLong() throws Exception {
        JaegerCollector collector = JaegerCollector.start();
        closeables.add(collector);
        ExportPipeline<byte[]> pipeline = toCollector(collector).flushInterval(Duration.ofSeconds(60))
                .maxQueueSpans(50_000).maxQueueBytes(256L * 1024 * 1024).build();
        JaegerTracer tracer = tracer(pipeline);
        for (int i = 0; i < 20_000; i++) {
            tracer.buildSpan("op").withTag("i", i).start().finish();
        }
        pipeline.close();
        assertThat(collector.spansAccepted()).isEqualTo(20_000);
        assertThat(pipeline.stats().snapshot().sent()).isEqualTo(20_000);
        assertThat(pipeline.stats().snapshot().droppedTotal()).isZero();
    }

    @Test
    void closeIsBoundedByTheShutdownTimeoutWhenTheCollectorHangs() throws Exception {
        ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!hung.isClosed()) {
                try {
                    accepted.add(hung.accept());
                } catch (Exception e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        closeables.add(hung);
        String endpoint = "http://127.0.0.1:" + hung.getLocalPort() + "/api/traces";
        TracerSettings settings = TracerSettings.builder("hung").endpoint(endpoint).readTimeout(Duration.ofSeconds(30)).build();
        ExportPipeline<byte[]> pipeline = ExportPipeline.builder(new JaegerHttpExporter(TracerFactory.http(settings,
                        JaegerHttpExporter.endpoint(endpoint), JaegerHttpExporter.contentType())))
                .flushInterval(Duration.ofMillis(10)).shutdownTimeout(Duration.ofSeconds(1)).build();
        JaegerTracer tracer = tracer(pipeline);
        for (int i = 0; i < 500; i++) {
            tracer.buildSpan("op").start().finish();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !accepted.isEmpty());
        long start = System.nanoTime();
        pipeline.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("the 30 s read timeout does not hold close up").isLessThan(Duration.ofSeconds(5));
        ExportStats.Snapshot stats = pipeline.stats().snapshot();
        assertThat(stats.dropped(DropReason.SHUTDOWN) + stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(500);
        assertThat(stats.dropped(DropReason.SHUTDOWN)).isGreaterThan(0);
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void spansFinishedAfterCloseAreCountedNotQueued() {
        Recording exporter = new Recording(10);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).build();
        JaegerTracer tracer = tracer(pipeline);
        pipeline.close();
        tracer.buildSpan("late").start().finish();
        assertThat(pipeline.stats().snapshot().dropped(DropReason.SHUTDOWN)).isEqualTo(1);
        assertThat(exporter.spanIds).isEmpty();
    }

    @Test
    void flushReturnsOnlyOnceEverySpanFinishedBeforeItIsSent_whileOtherThreadsKeepFinishing() throws Exception {
        Recording exporter = new Recording(64);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).maxQueueSpans(100_000)
                .maxQueueBytes(1L << 30).flushInterval(Duration.ofMinutes(10)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    for (int i = 0; i < 10; i++) {
                        tracer.buildSpan("busy").start().finish();
                    }
                    try {
                        Thread.sleep(1); // never so fast that the queue fills: then a dropped span also settles
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        try {
            for (int i = 0; i < 200; i++) {
                JaegerSpan mine = (JaegerSpan) tracer.buildSpan("mine").start();
                mine.finish();
                assertThat(pipeline.flush(Duration.ofSeconds(10))).isTrue();
                assertThat(exporter.spanIds).as("flush " + i).contains(mine.context().getSpanId());
            }
        } finally {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertThat(pipeline.stats().snapshot().droppedTotal()).isZero();
    }

    @Test
    void theQueuedCountIsExactWhileTheExportThreadTakesSpans() {
        Recording exporter = new Recording(1); // one span a message: the worker takes spans all the time
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).flushInterval(Duration.ofMillis(1))
                .maxQueueSpans(100_000).maxQueueBytes(1L << 30).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);
        List<String> wrong = new ArrayList<>();
        for (int i = 1; i <= 20_000; i++) {
            tracer.buildSpan("op").start().finish();
            long queued = pipeline.stats().snapshot().queued();
            if (queued != i && wrong.size() < 5) {
                wrong.add(queued + " queued after " + i + " finished");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void spansAreCountedAsQueuedByTheExportThreadNotTheFinishingOne() throws Exception {
        Set<String> countingThreads = ConcurrentHashMap.newKeySet();
        AtomicLong queuedMeter = new AtomicLong();
        io.jaegertracing.spi.MetricsFactory metrics = new io.jaegertracing.internal.metrics.NoopMetricsFactory() {
            @Override
            public io.jaegertracing.internal.metrics.Counter createCounter(String name, Map<String, String> tags) {
                if (!"queued".equals(tags.get("result"))) {
                    return super.createCounter(name, tags);
                }
                return delta -> {
                    countingThreads.add(Thread.currentThread().getName());
                    queuedMeter.addAndGet(delta);
                };
            }
        };
        Recording exporter = new Recording(512);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).stats(new ExportStats(metrics))
                .maxQueueSpans(100_000).maxQueueBytes(1L << 30).build();
        JaegerTracer tracer = tracer(pipeline);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    tracer.buildSpan("op").start().finish();
                }
            }, "finishing-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        pipeline.close();
        assertThat(countingThreads).containsExactly("traceandtrace-export");
        assertThat(queuedMeter.get()).isEqualTo(20_000);
        assertThat(pipeline.stats().snapshot().queued()).isEqualTo(20_000);
        assertThat(pipeline.stats().snapshot().sent()).isEqualTo(20_000);
    }

    // ------------------------------------------------ a grouping stage: spans that go out only together

    /**
     * Groups the spans of a trace until its root (the span with no parent) finishes; each span
     * weighs {@code spanBytes} in a message of at most {@code perMessage} bytes.
     */
    private static final class ByTrace implements InProcessExporter {
        final List<List<JaegerSpan>> messages = new CopyOnWriteArrayList<>();
        final int spanBytes;
        final int perMessage;

        ByTrace(int spanBytes, int perMessage) {
            this.spanBytes = spanBytes;
            this.perMessage = perMessage;
        }

        @Override
        public int sizeInMessage(JaegerSpan encoded) {
            return spanBytes;
        }

        @Override
        public GroupingStage<JaegerSpan> groupingStage() {
            return new GroupingStage<>() {
                final Map<Long, List<JaegerSpan>> held = new java.util.LinkedHashMap<>();
                int spans;
                long bytes;

                @Override
                public List<List<JaegerSpan>> add(JaegerSpan span, int size) {
                    held.computeIfAbsent(span.context().getTraceIdLow(), k -> new ArrayList<>()).add(span);
                    spans++;
                    bytes += size;
                    return span.context().getParentId() == 0 ? List.of(remove(span.context().getTraceIdLow()))
                            : List.of();
                }

                @Override
                public List<List<JaegerSpan>> expired() {
                    return List.of();
                }

                @Override
                public List<List<JaegerSpan>> releaseOldest() {
                    return held.isEmpty() ? List.of() : List.of(remove(held.keySet().iterator().next()));
                }

                @Override
                public List<List<JaegerSpan>> drain() {
                    List<List<JaegerSpan>> all = new ArrayList<>();
                    while (!held.isEmpty()) {
                        all.add(remove(held.keySet().iterator().next()));
                    }
                    return all;
                }

                private List<JaegerSpan> remove(long trace) {
                    List<JaegerSpan> group = held.remove(trace);
                    spans -= group.size();
                    bytes -= (long) group.size() * spanBytes;
                    return group;
                }

                @Override
                public int heldSpans() {
                    return spans;
                }

                @Override
                public long heldBytes() {
                    return bytes;
                }
            };
        }

        @Override
        public int maxMessageBytes() {
            return perMessage;
        }

        @Override
        public void export(List<JaegerSpan> message) {
            messages.add(List.copyOf(message));
        }

        @Override
        public String describe() {
            return "by trace";
        }

        List<String> sent() {
            return messages.stream().flatMap(List::stream).map(JaegerSpan::getOperationName).toList();
        }
    }

    @Test
    void aGroupGoesOutWholeInOneMessage_neverSplitAcrossTwo() {
        ByTrace exporter = new ByTrace(1, 4);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).flushInterval(Duration.ofMillis(20)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);
        for (int trace = 0; trace < 5; trace++) {
            io.opentracing.Span root = tracer.buildSpan("root-" + trace).start();
            tracer.buildSpan("a-" + trace).asChildOf(root).start().finish();
            tracer.buildSpan("b-" + trace).asChildOf(root).start().finish();
            root.finish();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().snapshot().sent() == 15);
        assertThat(exporter.messages).hasSize(5).allSatisfy(message -> {
            assertThat(message).hasSize(3);
            assertThat(message).extracting(s -> s.context().getTraceIdLow()).containsOnly(message.get(0).context().getTraceIdLow());
        });
    }

    @Test
    void whatTheStageHoldsIsBoundedByBytes_theOldestGroupLeavesEarlyAndCountsStayExact() {
        ByTrace exporter = new ByTrace(10_000, 1_000_000);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).maxQueueBytes(25_000)
                .flushInterval(Duration.ofMillis(20)).build();
        JaegerTracer tracer = tracer(pipeline);
        List<io.opentracing.Span> roots = new ArrayList<>();
        for (int trace = 0; trace < 3; trace++) {
            io.opentracing.Span root = tracer.buildSpan("root-" + trace).start();
            roots.add(root);
            tracer.buildSpan("child-" + trace).asChildOf(root).start().finish();
            long queued = trace + 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.stats().snapshot().queued() == queued
                    && pipeline.stats().queueSpans() == 0);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> exporter.sent().equals(List.of("child-0")));
        assertThat(pipeline.stats().snapshot().sent()).isEqualTo(1);
        assertThat(pipeline.flush(Duration.ofSeconds(5))).as("flush does not wait for groups still open").isTrue();
        assertThat(exporter.sent()).containsExactly("child-0");

        roots.get(2).finish();
        await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.stats().snapshot().sent() == 3);
        assertThat(exporter.messages.get(1)).extracting(JaegerSpan::getOperationName).containsExactly("child-2", "root-2");
        pipeline.close(); // what is still held goes in the last message
        assertThat(exporter.sent()).containsExactly("child-0", "child-2", "root-2", "child-1");
        ExportStats.Snapshot stats = pipeline.stats().snapshot();
        assertThat(stats.sent()).isEqualTo(stats.queued()).isEqualTo(4);
        assertThat(stats.droppedTotal()).isZero();
    }

    @Test
    void whatTheStageHoldsIsBoundedBySpans() {
        ByTrace exporter = new ByTrace(1, 1_000);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).maxQueueSpans(2)
                .flushInterval(Duration.ofMillis(20)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);
        for (int trace = 0; trace < 3; trace++) {
            io.opentracing.Span root = tracer.buildSpan("root-" + trace).start();
            tracer.buildSpan("child-" + trace).asChildOf(root).start().finish();
            long queued = trace + 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.stats().snapshot().queued() == queued);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> exporter.sent().equals(List.of("child-0")));
    }

    // ------------------------------------------------ faults: the worker survives, counts stay exact

    /** Sends nothing anywhere; can be made to block or to throw. */
    private static class Scripted implements InProcessExporter {
        final AtomicLong exported = new AtomicLong();
        final AtomicInteger describes = new AtomicInteger();
        volatile CountDownLatch gate; // when set, export waits for it
        volatile Throwable throwOnce;

        @Override
        public int maxMessageBytes() {
            return 100;
        }

        @Override
        public void export(List<JaegerSpan> message) throws ExportException {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ExportException.transientFailure("interrupted", e, null);
                }
            }
            Throwable t = throwOnce;
            if (t != null) {
                throwOnce = null;
                if (t instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) t;
            }
            exported.addAndGet(message.size());
        }

        @Override
        public String describe() {
            describes.incrementAndGet();
            return "scripted";
        }
    }

    @Test
    void aRetryAfterDateCenturiesAheadDropsThatMessageAndTheWorkerGoesOn() throws Exception {
        JaegerCollector collector = JaegerCollector.start()
                .answer(new Answer(503, Map.of("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")));
        closeables.add(collector);
        ExportPipeline<byte[]> pipeline = toCollector(collector).flushInterval(Duration.ofMillis(20)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);

        tracer.buildSpan("first").start().finish();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pipeline.stats().snapshot().dropped(DropReason.SEND_FAILED) == 1);
        for (int i = 0; i < 5; i++) {
            tracer.buildSpan("later").start().finish();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.spansAccepted() == 5);
        assertThat(pipeline.isRunning()).isTrue();
        assertThat(pipeline.stats().snapshot().sent()).isEqualTo(5);
    }

    @Test
    void anErrorThrownByAnExporterCostsOneMessageNotTheWorker() {
        Scripted exporter = new Scripted();
        exporter.throwOnce = new NoClassDefFoundError("some/Missing");
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).flushInterval(Duration.ofMillis(10)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);

        tracer.buildSpan("first").start().finish();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pipeline.stats().snapshot().dropped(DropReason.SEND_FAILED) == 1);
        tracer.buildSpan("second").start().finish();
        await().atMost(Duration.ofSeconds(10)).until(() -> exporter.exported.get() == 1);
        assertThat(pipeline.isRunning()).isTrue();
        assertThat(pipeline.stats().snapshot().lastError()).contains("NoClassDefFoundError");
    }

    @Test
    void aClosedPipelineSaysItIsNotRunning() {
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(new Scripted()).build();
        assertThat(pipeline.isRunning()).isTrue();
        pipeline.close();
        assertThat(pipeline.isRunning()).isFalse();
    }

    @Test
    void queueFiguresAreLiveWhileTheWorkerIsStuckSending() {
        Scripted exporter = new Scripted();
        exporter.gate = new CountDownLatch(1);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).maxMessageSpans(1)
                .flushInterval(Duration.ofMillis(1)).build();
        closeables.add(pipeline::close);
        JaegerTracer tracer = tracer(pipeline);
        tracer.buildSpan("stuck").start().finish();
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().snapshot().queued() == 1
                && pipeline.stats().queueSpans() == 0);

        for (int i = 0; i < 40; i++) {
            tracer.buildSpan("waiting").start().finish();
        }
        ExportStats.Snapshot stuck = pipeline.stats().snapshot();
        assertThat(stuck.queueSpans()).isEqualTo(40);
        assertThat(stuck.queueBytes()).isPositive();

        exporter.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> exporter.exported.get() == 41);
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.stats().snapshot().queueBytes() == 0);
        assertThat(pipeline.stats().snapshot().queueSpans()).isZero();
    }

    @Test
    void droppingAFullQueueOnlyCountsOnTheFinishingThread() {
        Scripted exporter = new Scripted();
        exporter.gate = new CountDownLatch(1);
        ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).maxQueueSpans(10).maxMessageSpans(1)
                .flushInterval(Duration.ofMillis(1)).build();
        closeables.add(() -> {
            exporter.gate.countDown();
            pipeline.close();
        });
        JaegerTracer tracer = tracer(pipeline);
        for (int i = 0; i < 1_000; i++) {
            tracer.buildSpan("op").start().finish();
        }
        assertThat(pipeline.stats().snapshot().dropped(DropReason.QUEUE_FULL)).isGreaterThanOrEqualTo(900);
        assertThat(exporter.describes.get()).as("one log line described the exporter, not every drop").isLessThanOrEqualTo(1);
    }

    @Test
    void everySpanEndsInExactlyOneCountWhenCloseRacesFinishingThreads() throws Exception {
        for (int round = 0; round < 30; round++) {
            Scripted exporter = new Scripted();
            ExportPipeline<JaegerSpan> pipeline = ExportPipeline.builder(exporter).maxQueueSpans(64)
                    .maxMessageSpans(8).flushInterval(Duration.ofMillis(1))
                    .shutdownTimeout(Duration.ofMillis(1)).build();
            JaegerTracer tracer = new JaegerTracer.Builder("race").withReporter(pipeline)
                    .withSampler(new ConstSampler(true)).withManualShutdown().build();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong finished = new AtomicLong();
            CountDownLatch started = new CountDownLatch(4);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    started.countDown();
                    while (!stop.get()) {
                        tracer.buildSpan("op").start().finish();
                        finished.incrementAndGet();
                    }
                });
                thread.start();
                threads.add(thread);
            }
            started.await();
            Thread.sleep(5);
            pipeline.close();
            Thread.sleep(2);
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
            long total = finished.get();
            // a span the worker took as close gave up is counted by the worker a moment later, never twice
            await().atMost(Duration.ofSeconds(5)).until(() -> counted(pipeline) >= total);
            Thread.sleep(20);
            assertThat(counted(pipeline)).as("round " + round + ": " + pipeline.stats().snapshot()).isEqualTo(total);
        }
    }

    private static long counted(ExportPipeline<?> pipeline) {
        ExportStats.Snapshot s = pipeline.stats().snapshot();
        return s.sent() + s.droppedTotal();
    }
}
