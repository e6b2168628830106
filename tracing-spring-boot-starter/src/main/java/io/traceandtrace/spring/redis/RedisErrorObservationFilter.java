package io.traceandtrace.spring.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.tracing.LettuceObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;

/**
 * Lettuce records an error reply (such as {@code WRONGTYPE} or {@code ERR value is not an integer}) only as a
 * key value, not as the observation's error: this makes it the error, so the command's span is marked failed.
 */
final class RedisErrorObservationFilter implements ObservationFilter {

    @Override
    public Observation.Context map(Observation.Context context) {
        if (context instanceof LettuceObservationContext lettuce && lettuce.getError() == null && lettuce.hasCommand()) {
            CommandOutput<?, ?, ?> output = lettuce.getRequiredCommand().getOutput();
            String error = output != null ? output.getError() : null;
            if (error != null) {
                lettuce.setError(new RedisCommandExecutionException(error));
            }
        }
        return context;
    }
}
