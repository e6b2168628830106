package io.traceandtrace.spring.web;

import io.traceandtrace.spring.RegexSetting;
import io.traceandtrace.spring.TracingProperties;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The request paths not traced: {@code tracing.web.skip-pattern} (or the default) plus
 * {@code tracing.web.additional-skip-pattern}, plus the trace page when it is on.
 */
final class SkipPattern {

    static final String STATIC_RESOURCES = "/favicon\\.ico|/webjars/.*|.*\\.(css|js|map|png|jpe?g|gif|ico|svg|webp|woff2?|ttf|eot)";

    private SkipPattern() {
    }

    /** The default: the actuator base path (wherever it lives), favicon, webjars and static files. */
    static String defaultPattern(Environment environment) {
        String base = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        String servletPath = environment.getProperty("management.server.base-path", "");
        List<String> parts = new ArrayList<>();
        if (!base.isEmpty() && !base.equals("/")) {
            parts.add(Pattern.quote(base) + "(/.*)?");
            if (!servletPath.isEmpty()) {
                parts.add(Pattern.quote(servletPath + base) + "(/.*)?");
            }
        }
        parts.add(STATIC_RESOURCES);
        return String.join("|", parts);
    }

    /** @return the pattern, or null when nothing is skipped */
    static Pattern of(TracingProperties.Web web, Environment environment) {
        // each part on its own first, so a bad one is reported under its own property
        String main = web.getSkipPattern() != null ? web.getSkipPattern() : defaultPattern(environment);
        RegexSetting.compile("web.skip-pattern", main);
        RegexSetting.compile("web.additional-skip-pattern", web.getAdditionalSkipPattern());
        String combined = join(join(main, web.getAdditionalSkipPattern()), tracePage(environment));
        return combined.isEmpty() ? null : Pattern.compile(combined);
    }

    /** The trace page and its data, skipped whatever the skip pattern says: its requests would crowd out the traces it shows. */
    static String tracePage(Environment environment) {
        if (!environment.getProperty("tracing.ui.enabled", Boolean.class, false)) {
            return null;
        }
        return Pattern.quote(environment.getProperty("tracing.ui.path", "/traces")) + "(/.*)?";
    }

    private static String join(String a, String b) {
        boolean hasA = a != null && !a.isEmpty();
        boolean hasB = b != null && !b.isEmpty();
        if (hasA && hasB) {
            return "(?:" + a + ")|(?:" + b + ")";
        }
        return hasA ? a : hasB ? b : "";
    }
}
