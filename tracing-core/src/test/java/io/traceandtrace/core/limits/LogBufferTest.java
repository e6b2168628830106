package io.traceandtrace.core.limits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogBufferTest {

    /** Log #i has timestamp 1000+i and a field naming it, so a kept log shows which one it was. */
    private static List<LogRecord> logAll(int max, int n) {
        LogBuffer buffer = new LogBuffer(max);
        for (int i = 0; i < n; i++) {
            buffer.add(new LogRecord(1000 + i, Map.of("n", i)));
        }
        return buffer.drain();
    }

    /** Renders logs as basictracer's tests do: "3" for log #3, "D(8@9)" for a marker of 8 at #9's time. */
    @SuppressWarnings("unchecked")
    private static List<String> render(List<LogRecord> logs) {
        List<String> out = new ArrayList<>();
        for (LogRecord log : logs) {
            if (LogBuffer.DROPPED_EVENT.equals(log.asFields().get("event"))) {
                assertThat((Map<String, Object>) log.asFields()).containsEntry("component", LogBuffer.COMPONENT);
                out.add("D(" + log.asFields().get("dropped_log_count") + "@" + (log.timestampMicros() - 1000) + ")");
            } else {
                assertThat(log.timestampMicros()).isEqualTo(1000L + (Integer) log.asFields().get("n"));
                out.add(String.valueOf(log.asFields().get("n")));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "max={0}, n={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "1 | 1  | 0",
            "1 | 2  | D(2@1)",
            "1 | 5  | D(5@4)",
            "2 | 3  | D(2@1) 2",
            "2 | 6  | D(5@4) 5",
            "3 | 4  | 0 D(2@2) 3",
            "3 | 9  | 0 D(7@7) 8",
            "4 | 5  | 0 D(2@2) 3 4",
            "4 | 9  | 0 D(6@6) 7 8",
            "5 | 5  | 0 1 2 3 4",
            "5 | 6  | 0 1 D(2@3) 4 5",
            "5 | 12 | 0 1 D(8@9) 10 11",
            "10 | 11 | 0 1 2 3 D(2@5) 6 7 8 9 10",
            "10 | 50 | 0 1 2 3 D(41@44) 45 46 47 48 49",
    })
    void matchesBasictracerVectors(int max, int n, String expected) {
        assertThat(render(logAll(max, n))).containsExactly(expected.trim().split(" "));
    }

    /** The whole grid against the closed form of basictracer's rule, written independently of the ring. */
    @Test
    void gridOfLimitsAndCounts() {
        for (int max = 1; max <= 20; max++) {
            for (int n = 0; n <= 50; n++) {
                List<String> expected = new ArrayList<>();
                if (n <= max) {
                    for (int i = 0; i < n; i++) {
                        expected.add(String.valueOf(i));
                    }
                } else {
                    int numOld = (max - 1) / 2;
                    int numNew = max - numOld;
                    for (int i = 0; i < numOld; i++) {
                        expected.add(String.valueOf(i));
                    }
                    expected.add("D(" + (n - max + 1) + "@" + (n - numNew) + ")");
                    for (int i = n - numNew + 1; i < n; i++) {
                        expected.add(String.valueOf(i));
                    }
                }
                List<String> actual = render(logAll(max, n));
                assertThat(actual).as("max=%d n=%d", max, n).isEqualTo(expected);
                assertThat(actual).hasSize(Math.min(max, n));
            }
        }
    }

    @Test
    void zeroMeansUnlimited() {
        List<LogRecord> logs = logAll(0, 1000);
        assertThat(logs).hasSize(1000);
        assertThat(render(logs).get(999)).isEqualTo("999");
    }

    @Test
    void drainEmptiesTheBuffer() {
        LogBuffer buffer = new LogBuffer(3);
        for (int i = 0; i < 7; i++) {
            buffer.add(new LogRecord(i, Map.of("n", i)));
        }
        assertThat(buffer.droppedCount()).isEqualTo(4);
        assertThat(buffer.drain()).hasSize(3);
        assertThat(buffer.size()).isZero();
        assertThat(buffer.drain()).isEmpty();
    }

    @Test
    void rejectsNegativeLimit() {
        assertThatThrownBy(() -> new LogBuffer(-1)).hasMessageContaining("max must be >= 0");
    }
}
