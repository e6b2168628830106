package io.traceandtrace.spring.handler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server span names, {@code METHOD route}, made once per method and route rather than on every
 * request: routes are templates, so there are few. Past {@value #MAX_NAMES} names they are built
 * each time, never kept.
 */
public final class OperationNames {

    static final int MAX_NAMES = 1024;
    private static final Map<String, Map<String, String>> BY_METHOD = new ConcurrentHashMap<>();
    private static final AtomicInteger KEPT = new AtomicInteger();

    private OperationNames() {
    }

    /** {@code method + " " + route}. */
    public static String of(String method, String route) {
        Map<String, String> byRoute = BY_METHOD.get(method);
        String name = byRoute == null ? null : byRoute.get(route);
        if (name != null) {
            return name;
        }
        name = method + " " + route;
        if (KEPT.get() < MAX_NAMES) {
            if (byRoute == null) {
                byRoute = BY_METHOD.computeIfAbsent(method, m -> new ConcurrentHashMap<>());
            }
            if (byRoute.putIfAbsent(route, name) == null) {
                KEPT.incrementAndGet();
            }
        }
        return name;
    }
}
