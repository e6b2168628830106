package io.traceandtrace.core.export;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class FinishedSpanTagsTest {

    private final JaegerTracer tracer = new JaegerTracer.Builder("shop")
            .withReporter(new InMemoryReporter()).withSampler(new ConstSampler(true)).build();

    @AfterEach
    void close() {
        tracer.close();
    }

    private JaegerSpan finished(String name, String tagValue) {
        JaegerSpan span = tracer.buildSpan(name).withTag("which", tagValue).start();
        span.finish();
        return span;
    }

    @Test
    void eachSpanGetsItsOwnTagsAndItsReadersShareOneCopy() {
        JaegerSpan first = finished("first", "one");
        JaegerSpan second = finished("second", "two");

        Map<String, Object> read = FinishedSpanTags.of(first);
        assertThat(read).containsEntry("which", "one");
        assertThat(FinishedSpanTags.of(first)).isSameAs(read);
        assertThat(FinishedSpanTags.of(second)).containsEntry("which", "two");
        assertThat(FinishedSpanTags.of(first)).containsEntry("which", "one").isNotSameAs(read);

        FinishedSpanTags.release();
        assertThat(FinishedSpanTags.of(second)).containsEntry("which", "two");
    }

    @Test
    void anotherThreadReadingAnotherSpanDoesNotChangeWhatThisThreadReads() throws Exception {
        JaegerSpan mine = finished("mine", "mine");
        Map<String, Object> read = FinishedSpanTags.of(mine);
        AtomicReference<Object> theirs = new AtomicReference<>();
        Thread other = new Thread(() -> theirs.set(FinishedSpanTags.of(finished("theirs", "theirs")).get("which")));
        other.start();
        other.join();

        assertThat(theirs.get()).isEqualTo("theirs");
        assertThat(FinishedSpanTags.of(mine)).isSameAs(read).containsEntry("which", "mine");
    }
}
