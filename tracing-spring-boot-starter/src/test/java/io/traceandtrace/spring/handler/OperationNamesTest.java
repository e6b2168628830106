package io.traceandtrace.spring.handler;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Server span names are method and route, made once per route, and right past the bound too. */
class OperationNamesTest {

    @Test
    void namesAreMethodAndRouteMadeOnce() {
        String first = OperationNames.of("GET", "/orders/{id}");
        assertThat(first).isEqualTo("GET /orders/{id}");
        assertThat(OperationNames.of("GET", "/orders/{id}")).isSameAs(first);
        assertThat(OperationNames.of("POST", "/orders/{id}")).isEqualTo("POST /orders/{id}");
    }

    @Test
    void namesPastTheBoundAreStillRightOnManyThreads() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < OperationNames.MAX_NAMES; i++) {
                    String route = "/r" + (i * 4 + offset);
                    if (!OperationNames.of("PUT", route).equals("PUT " + route)) {
                        wrong.add(route);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(wrong).isEmpty();
    }
}
