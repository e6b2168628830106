package io.traceandtrace.spring;

import io.traceandtrace.core.settings.InvalidTracerSettingException;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A setting that holds a regular expression: compiled once, or rejected naming the setting. */
public final class RegexSetting {

    private RegexSetting() {
    }

    /**
     * @param setting the setting's name below {@code tracing.}, e.g. {@code web.skip-pattern}
     * @return the pattern, or null when the value is null or empty
     * @throws InvalidTracerSettingException when the value is not a Java regular expression
     */
    public static Pattern compile(String setting, String regex) {
        if (regex == null || regex.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidTracerSettingException(setting, regex,
                    "expected a Java regular expression (" + e.getDescription() + ")");
        }
    }
}
