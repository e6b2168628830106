package io.traceandtrace.core.settings;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One sampling rule: which calls it matches (an HTTP method and path pattern, or a gRPC service
 * and method) and the sampler that decides for them. Immutable; the sampler itself, with its own
 * rate-limit budget, is made once per tracer by {@code core.sampling.RuleBasedSampler}.
 */
public final class SamplingRule {

    private final String setting;
    private final String httpMethod;
    private final String path;
    private final Pattern pathPattern;
    private final String pathPrefix;
    private final String grpcService;
    private final String grpcMethod;
    private final SamplerType type;
    private final double param;

    private SamplingRule(String setting, String httpMethod, String path, String grpcService, String grpcMethod,
                         SamplerType type, double param) {
        this.setting = setting;
        this.httpMethod = httpMethod;
        this.path = path;
        this.pathPattern = path == null ? null : PathPattern.compile(path);
        this.pathPrefix = path == null ? null : PathPattern.literalPrefix(path);
        this.grpcService = grpcService;
        this.grpcMethod = grpcMethod;
        this.type = type;
        this.param = param;
    }

    /**
     * A rule read from settings, validated.
     *
     * @param setting the rule's setting name, e.g. {@code sampler.rules[0]}, used in errors
     * @param httpMethod HTTP method to match (any when null or {@code *}); HTTP rules only
     * @param path Ant-style path pattern, e.g. {@code /orders/**}: makes this an HTTP rule
     * @param grpcService full gRPC service name, e.g. {@code sample.Greeter}: makes this a gRPC rule
     * @param grpcMethod gRPC method to match (any when null or {@code *})
     * @param type const, probabilistic or ratelimiting
     * @param param the sampler's param; its default by type when null
     * @throws InvalidTracerSettingException naming the part of the rule that cannot work
     */
    public static SamplingRule of(String setting, String httpMethod, String path, String grpcService,
                                  String grpcMethod, SamplerType type, Double param) {
        boolean http = path != null && !path.isBlank();
        boolean grpc = grpcService != null && !grpcService.isBlank();
        if (http == grpc) {
            throw new InvalidTracerSettingException(setting, describe(httpMethod, path, grpcService, grpcMethod),
                    "a rule matches either an HTTP path (path, optionally http-method) or a gRPC service "
                            + "(grpc-service, optionally grpc-method), not " + (http ? "both" : "neither"));
        }
        if (http && blankToNull(grpcMethod) != null) {
            throw new InvalidTracerSettingException(setting + ".grpc-method", grpcMethod, "grpc-method needs grpc-service, not path");
        }
        if (grpc && blankToNull(httpMethod) != null) {
            throw new InvalidTracerSettingException(setting + ".http-method", httpMethod, "http-method needs path, not grpc-service");
        }
        if (type == null || type == SamplerType.REMOTE) {
            throw new InvalidTracerSettingException(setting + ".type", type,
                    "a rule's sampler is one of const, probabilistic, ratelimiting");
        }
        double p = param != null ? param : SamplerSettings.defaultParam(type);
        boolean ok = switch (type) {
            case CONST -> p == 0 || p == 1;
            case PROBABILISTIC -> p >= 0 && p <= 1;
            default -> p >= 0 && !Double.isInfinite(p);
        };
        if (!ok || Double.isNaN(p)) {
            throw new InvalidTracerSettingException(setting + ".param", param, switch (type) {
                case CONST -> "a const rule takes 0 (sample nothing) or 1 (sample everything)";
                case PROBABILISTIC -> "a probabilistic rule takes a probability between 0 and 1";
                default -> "a ratelimiting rule takes a number of traces per second >= 0";
            });
        }
        String method = blankToNull(http ? httpMethod : grpcMethod);
        if (method != null && method.equals("*")) {
            method = null;
        }
        if (http && method != null) {
            method = method.trim().toUpperCase(Locale.ROOT);
            if (!method.matches("[A-Z]+")) {
                throw new InvalidTracerSettingException(setting + ".http-method", httpMethod, "expected an HTTP method such as GET");
            }
        }
        try {
            return http ? new SamplingRule(setting, method, path.trim(), null, null, type, p)
                    : new SamplingRule(setting, null, null, grpcService.trim(), method == null ? null : method.trim(), type, p);
        } catch (IllegalArgumentException e) {
            throw new InvalidTracerSettingException(setting + ".path", path, e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String describe(String httpMethod, String path, String grpcService, String grpcMethod) {
        return "http-method=" + httpMethod + ", path=" + path + ", grpc-service=" + grpcService + ", grpc-method=" + grpcMethod;
    }

    /** Whether this is an HTTP rule that matches a request with this method and path. */
    public boolean matchesHttp(String method, String requestPath) {
        // the prefix test rejects most paths without running (and allocating) the regex
        return pathPattern != null && (httpMethod == null || httpMethod.equalsIgnoreCase(method))
                && requestPath.startsWith(pathPrefix) && pathPattern.matcher(requestPath).matches();
    }

    /** Whether this is a gRPC rule that matches a call to this full service name and method. */
    public boolean matchesGrpc(String service, String method) {
        return grpcService != null && grpcService.equals(service) && (grpcMethod == null || grpcMethod.equals(method));
    }

    public SamplerType type() {
        return type;
    }

    public double param() {
        return param;
    }

    @Override
    public String toString() {
        String match = pathPattern != null ? (httpMethod == null ? "*" : httpMethod) + " " + path
                : grpcService + "/" + (grpcMethod == null ? "*" : grpcMethod);
        return match + " -> " + type + "(" + param + ")";
    }

    /** The setting this rule was read from, e.g. {@code sampler.rules[0]}. */
    public String setting() {
        return setting;
    }
}
