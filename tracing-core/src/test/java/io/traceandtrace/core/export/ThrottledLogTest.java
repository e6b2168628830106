package io.traceandtrace.core.export;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.traceandtrace.core.testing.Concurrently;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The one throttled WARN log, as a user reads it. */
class ThrottledLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("throttled-log-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void oneCauseFailingOnManyThreadsWritesOneLineWithoutAStackTrace() throws Exception {
        ThrottledLog log = new ThrottledLog(logger);
        AtomicInteger written = new AtomicInteger();
        IllegalStateException error = new IllegalStateException("hook bug");
        Concurrently.repeat(6, 2_000, () -> {
            if (log.warn(ThrottledLogTest.class, "A hook failed: " + error, error)) {
                written.incrementAndGet();
            }
        });
        assertThat(written).hasValue(1);
        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).isEqualTo("A hook failed: java.lang.IllegalStateException: hook bug");
            assertThat(line.getThrowableProxy()).as("stack traces only at DEBUG").isNull();
        });
    }

    @Test
    void theNextLineSaysHowOftenTheCauseOccurredAndCausesAreSeparate() throws Exception {
        ThrottledLog log = new ThrottledLog(logger, Duration.ofMillis(50));
        log.warn("a", "first", null);
        log.warn("a", "second", null);
        log.warn("b", "other cause", null);
        Thread.sleep(80);
        log.warn("a", "third", null);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("first", "other cause", "third (2 times in the last 1s)");
    }

    @Test
    void causesBeyondTheBoundOfRememberedOnesAreStillLogged() {
        ThrottledLog log = new ThrottledLog(logger, Duration.ofMinutes(1));
        for (int i = 0; i < 1_000; i++) {
            log.warn(new Object(), "cause " + i, null);
        }
        assertThat(lines.list).hasSize(1_000);
    }
}
