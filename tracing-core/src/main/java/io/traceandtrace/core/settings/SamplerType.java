package io.traceandtrace.core.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a tracer decides which traces to record; the sampler param means something different for each. */
public enum SamplerType {
    /** Every trace (param 1) or none (param 0). */
    CONST("const"),
    /** Each trace with probability param (0..1). */
    PROBABILISTIC("probabilistic"),
    /** At most param traces per second. */
    RATELIMITING("ratelimiting"),
    /** Strategy polled from the Jaeger agent; param is the probability used until the first answer. */
    REMOTE("remote");

    private final String id;

    SamplerType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** @throws InvalidTracerSettingException naming {@code setting} and the allowed values */
    public static SamplerType of(String setting, String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (SamplerType type : values()) {
            if (type.id.equals(key)) {
                return type;
            }
        }
        throw new InvalidTracerSettingException(setting, name, "expected one of " + ids());
    }

    public static String ids() {
        return Arrays.stream(values()).map(SamplerType::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
