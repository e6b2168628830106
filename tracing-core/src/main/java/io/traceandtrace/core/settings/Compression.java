package io.traceandtrace.core.settings;

import java.util.Locale;

/** Whether HTTP exporters compress their messages. */
public enum Compression {
    NONE, GZIP;

    /** @throws InvalidTracerSettingException naming {@code setting} and the allowed values */
    public static Compression of(String setting, String value) {
        String key = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "none", "" -> NONE;
            case "gzip" -> GZIP;
            default -> throw new InvalidTracerSettingException(setting, value, "expected none or gzip");
        };
    }
}
