package io.traceandtrace.core.settings;

/** A tracer setting with a value that cannot work; the message names the setting and what it accepts. */
public class InvalidTracerSettingException extends IllegalArgumentException {

    private final String setting;
    private final transient Object value;
    private final String expected;

    public InvalidTracerSettingException(String setting, Object value, String expected) {
        super("Invalid tracing setting '" + setting + "' = '" + value + "': " + expected);
        this.setting = setting;
        this.value = value;
        this.expected = expected;
    }

    /** The setting's name in tracer settings, e.g. {@code sampler.param}, or the environment variable read. */
    public String setting() {
        return setting;
    }

    public Object value() {
        return value;
    }

    /** What the setting accepts, e.g. "expected one of const, probabilistic, ratelimiting, remote". */
    public String expected() {
        return expected;
    }
}
