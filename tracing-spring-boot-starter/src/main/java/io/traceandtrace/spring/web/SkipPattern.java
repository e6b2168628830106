package io.traceandtrace.spring.web;

import io.traceandtrace.core.tracer.InvalidTracerSettingException;
import io.traceandtrace.spring.TracingProperties;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The request paths not traced: {@code tracing.web.skip-pattern} (or the default) plus
 * {@code tracing.web.additional-skip-pattern}.
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
        String main = web.getSkipPattern() != null ? web.getSkipPattern() : defaultPattern(environment);
        String extra = web.getAdditionalSkipPattern();
        String combined = join(main, extra);
        if (combined.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(combined);
        } catch (PatternSyntaxException e) {
            String setting = web.getAdditionalSkipPattern() != null && isInvalid(web.getAdditionalSkipPattern())
                    ? "web.additional-skip-pattern" : "web.skip-pattern";
            throw new InvalidTracerSettingException(setting, combined,
                    "expected a Java regular expression (" + e.getDescription() + ")");
        }
    }

    private static boolean isInvalid(String regex) {
        try {
            Pattern.compile(regex);
            return false;
        } catch (PatternSyntaxException e) {
            return true;
        }
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
