package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.exceptions.SenderException;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.jaegertracing.thrift.internal.senders.UdpSender;
import io.traceandtrace.core.testing.ZipkinServer;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The span budget covers every span until a real sender has sent or lost it, batches and failures included. */
class ObservedSenderTest {

    private final JaegerTracer tracer = new JaegerTracer.Builder("budget").withReporter(new InMemoryReporter())
            .withSampler(new ConstSampler(true)).withManualShutdown().build();

    private JaegerSpan span(int payload) {
        JaegerSpan span = tracer.buildSpan("op").withTag("payload", "x".repeat(payload)).start();
        span.finish();
        return span;
    }

    @Test
    void sentBatchesGiveTheirRoomBack() throws Exception {
        try (DatagramSocket agent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            SpanBudget budget = new SpanBudget(10_000, 100L * 1024 * 1024);
            ObservedSender sender = new ObservedSender(new UdpSender("127.0.0.1", agent.getLocalPort(), 0),
                    new ReporterStats(), budget);
            int flushedInAppend = 0;
            for (int i = 0; i < 300; i++) {
                JaegerSpan span = span(1_000); // about 60 fit in one 65,000-byte datagram
                assertThat(budget.tryAcquire(span)).isTrue();
                flushedInAppend += sender.append(span);
            }
            assertThat(flushedInAppend).as("batches went out while appending").isPositive();
            assertThat(budget.spans()).isEqualTo(300 - flushedInAppend);
            sender.flush();
            assertThat(budget.spans()).isZero();
            assertThat(budget.bytes()).isZero();
            sender.close();
        }
    }

    @Test
    void lostSpansGiveTheirRoomBackToo() throws Exception {
        int port = ZipkinServer.freePort(); // nothing listens: every batch fails
        SpanBudget budget = new SpanBudget(10_000, 100L * 1024 * 1024);
        ReporterStats stats = new ReporterStats();
        ObservedSender sender = new ObservedSender(new HttpSender.Builder("http://127.0.0.1:" + port + "/api/traces")
                .withMaxPacketSize(64 * 1024).build(), stats, budget);
        int failures = 0;
        for (int i = 0; i < 100; i++) {
            JaegerSpan span = span(i == 50 ? 100_000 : 4_000); // one span larger than a whole batch
            assertThat(budget.tryAcquire(span)).isTrue();
            try {
                sender.append(span);
            } catch (SenderException e) {
                failures++;
            }
        }
        try {
            sender.flush();
        } catch (SenderException e) {
            failures++;
        }
        assertThat(failures).isGreaterThan(1);
        assertThat(stats.snapshot().lastError()).isNotBlank();
        assertThat(budget.spans()).isZero();
        assertThat(budget.bytes()).isZero();
    }

    @Test
    void theBudgetAdmitsByCountAndByBytes() {
        SpanBudget budget = new SpanBudget(3, 1_000_000);
        assertThat(budget.tryAcquire(span(10))).isTrue();
        assertThat(budget.tryAcquire(span(10))).isTrue();
        assertThat(budget.tryAcquire(span(10))).isTrue();
        assertThat(budget.tryAcquire(span(10))).isFalse();

        SpanBudget bytes = new SpanBudget(1_000, 10_000);
        assertThat(bytes.tryAcquire(span(6_000))).isTrue();
        assertThat(bytes.tryAcquire(span(6_000))).isFalse();
        assertThat(bytes.tryAcquire(span(100))).isTrue();
    }
}
