package io.traceandtrace.spring.ui;

import io.traceandtrace.core.recent.RecentTraces;
import io.traceandtrace.core.recent.TraceQuery;
import io.traceandtrace.core.settings.InvalidTracerSettingException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The trace page: {@code <path>} serves the page (the list, or the waterfall of {@code ?traceId=}),
 * {@code <path>/app.js} and {@code <path>/app.css} its script and style, {@code <path>/api/traces}
 * the recent traces and {@code <path>/api/traces/{traceId}} one trace, as JSON; all from the jar.
 */
public final class TracePage {

    /** Letters, digits, {@code - _ .} in segments: a path that is neither a pattern nor a way out of the page. */
    private static final Pattern VALID_PATH = Pattern.compile("(/[A-Za-z0-9._-]+)+");
    private static final String RESOURCES = "io/traceandtrace/spring/ui/";
    // the page shows data the traced requests carried: it may run only its own script and style
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'";

    private final String path;
    private final RecentTraces recentTraces;
    private final String html;
    private final String script;
    private final String style;

    /** @throws InvalidTracerSettingException naming {@code ui.path} when the path cannot be served */
    public TracePage(String path, RecentTraces recentTraces) {
        if (path == null || !VALID_PATH.matcher(path).matches()) {
            throw new InvalidTracerSettingException("ui.path", path,
                    "expected a path such as /traces: a leading /, no trailing /, segments of letters, digits, '-', '_' and '.'");
        }
        this.path = path;
        this.recentTraces = recentTraces;
        this.html = read("index.html");
        this.script = read("app.js");
        this.style = read("app.css");
    }

    public String path() {
        return path;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(path, this::page)
                .GET(path + "/app.js", request -> file(script, "text/javascript"))
                .GET(path + "/app.css", request -> file(style, "text/css"))
                .GET(path + "/api/traces", this::list)
                .GET(path + "/api/traces/{traceId}", this::trace)
                .build();
    }

    private ServerResponse page(ServerRequest request) {
        String base = request.servletRequest().getContextPath() + path;
        return ServerResponse.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(html.replace("{{base}}", HtmlUtils.htmlEscape(base)));
    }

    private static ServerResponse file(String body, String type) {
        return ServerResponse.ok().contentType(new MediaType(MediaType.parseMediaType(type), StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("X-Content-Type-Options", "nosniff")
                .body(body);
    }

    private ServerResponse list(ServerRequest request) {
        TraceQuery query;
        try {
            query = new TraceQuery(request.param("limit").map(Integer::parseInt).orElse(0),
                    request.param("q").orElse(null),
                    request.param("errors").map(Boolean::parseBoolean).orElse(false),
                    request.param("minDuration").filter(value -> !value.isBlank()).map(TracePage::duration).orElse(null));
        } catch (IllegalArgumentException e) {
            return json(HttpStatus.BAD_REQUEST, Map.of("error", "limit must be a number and minDuration a duration such as 250ms: "
                    + e.getMessage()));
        }
        return json(HttpStatus.OK, recentTraces.find(query));
    }

    private ServerResponse trace(ServerRequest request) {
        String traceId = request.pathVariable("traceId");
        return recentTraces.trace(traceId)
                .map(view -> json(HttpStatus.OK, view))
                .orElseGet(() -> json(HttpStatus.NOT_FOUND, Map.of("error", "trace not held (unknown, or pushed out by newer traces)")));
    }

    private static Duration duration(String value) {
        return DurationStyle.detectAndParse(value.strip());
    }

    private static ServerResponse json(HttpStatus status, Object body) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noStore()).body(body);
    }

    private static String read(String name) {
        try {
            return new ClassPathResource(RESOURCES + name, TracePage.class.getClassLoader())
                    .getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The trace page's " + name + " is missing from the starter jar", e);
        }
    }
}
