package io.traceandtrace.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/** Runs a body on real threads released together, and waits for all of them. */
public final class Concurrently {

    private Concurrently() {
    }

    /** {@code body} {@code times} times on each of {@code threads} threads; rethrows the first failure. */
    public static void repeat(int threads, int times, Runnable body) throws InterruptedException {
        CyclicBarrier together = new CyclicBarrier(threads);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    together.await();
                    for (int i = 0; i < times; i++) {
                        body.run();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "concurrently-" + t);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a thread failed", failures.get(0));
        }
    }
}
