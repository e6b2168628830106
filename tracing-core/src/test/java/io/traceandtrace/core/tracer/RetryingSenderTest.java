package io.traceandtrace.core.tracer;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.exceptions.SenderException;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.spi.Sender;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryingSenderTest {

    /** Counts what it is given; opening fails the first {@code failures} times. */
    private static final class FlakyOpener {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger appended = new AtomicInteger();
        final int failures;

        FlakyOpener(int failures) {
            this.failures = failures;
        }

        Sender open() {
            if (attempts.incrementAndGet() <= failures) {
                throw new IllegalStateException("agent host does not resolve");
            }
            return new Sender() {
                @Override
                public int append(JaegerSpan span) {
                    appended.incrementAndGet();
                    return 0;
                }

                @Override
                public int flush() {
                    return appended.get();
                }

                @Override
                public int close() {
                    return 0;
                }
            };
        }
    }

    private static JaegerSpan span() {
        JaegerTracer tracer = new JaegerTracer.Builder("s").withReporter(new InMemoryReporter())
                .withSampler(new ConstSampler(true)).withManualShutdown().build();
        return tracer.buildSpan("x").start();
    }

    @Test
    void aSenderThatOpensReturnsItselfAtOnce() {
        FlakyOpener opener = new FlakyOpener(0);
        Sender sender = RetryingSender.open(opener::open, "agent:6831");
        assertThat(sender).isNotInstanceOf(RetryingSender.class);
    }

    @Test
    void aSenderThatCannotOpenFailsSpansNamingWhereThenOpensOnALaterTry() throws Exception {
        FlakyOpener opener = new FlakyOpener(2);
        Sender sender = RetryingSender.open(opener::open, "agent:6831", Duration.ofMillis(100));
        assertThat(sender).isInstanceOf(RetryingSender.class);
        // before the retry interval: no new attempt, the span is counted as failed
        assertThatThrownBy(() -> sender.append(span())).isInstanceOf(SenderException.class)
                .hasMessageContaining("agent:6831")
                .satisfies(e -> assertThat(((SenderException) e).getDroppedSpanCount()).isEqualTo(1));
        assertThat(opener.attempts).hasValue(1);
        Thread.sleep(120);
        assertThatThrownBy(() -> sender.append(span())).hasMessageContaining("agent host does not resolve");
        assertThat(opener.attempts).hasValue(2);
        Thread.sleep(120);
        sender.append(span());
        assertThat(opener.attempts).hasValue(3);
        assertThat(opener.appended).hasValue(1);
        assertThat(sender.flush()).isEqualTo(1);
    }
}
