package io.traceandtrace.core.settings;

/** The sampler's part of the settings: defaults by type and the checks that name a wrong value. */
final class SamplerSettings {

    private SamplerSettings() {
    }

    /** The sampler param used when none is set: const 1, probabilistic 0.1, ratelimiting 10/s, remote 0.001. */
    static double defaultParam(SamplerType type) {
        return switch (type) {
            case CONST -> 1;
            case PROBABILISTIC -> 0.1;
            case RATELIMITING -> 10;
            case REMOTE -> 0.001;
        };
    }

    /** @throws InvalidTracerSettingException naming the sampler setting that cannot work */
    static void validate(SamplerType samplerType, Double samplerParam, String managerHostPort) {
        validateParam(samplerType, samplerParam);
        if (samplerType == SamplerType.REMOTE && !managerHostPort.matches("[^:\\s]+:\\d{1,5}")) {
            throw new InvalidTracerSettingException("sampler.manager-host-port", managerHostPort, "expected host:port");
        }
    }

    private static void validateParam(SamplerType samplerType, Double samplerParam) {
        if (samplerParam == null) {
            return;
        }
        double p = samplerParam;
        boolean ok = switch (samplerType) {
            case CONST -> p == 0 || p == 1;
            case PROBABILISTIC, REMOTE -> p >= 0 && p <= 1;
            case RATELIMITING -> p >= 0 && !Double.isInfinite(p);
        };
        if (!ok || Double.isNaN(p)) {
            String expected = switch (samplerType) {
                case CONST -> "the const sampler takes 0 (sample nothing) or 1 (sample everything)";
                case PROBABILISTIC -> "the probabilistic sampler takes a probability between 0 and 1";
                case REMOTE -> "the remote sampler takes an initial probability between 0 and 1";
                case RATELIMITING -> "the ratelimiting sampler takes a number of traces per second >= 0";
            };
            throw new InvalidTracerSettingException("sampler.param", samplerParam, expected);
        }
    }
}
