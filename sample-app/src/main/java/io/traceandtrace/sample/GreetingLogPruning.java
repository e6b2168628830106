package io.traceandtrace.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** A scheduled job: every 30 s (sample.pruning-interval) the greeting log is cut back to its last entries. */
@Component
public class GreetingLogPruning {

    private static final Logger log = LoggerFactory.getLogger(GreetingLogPruning.class);

    private final GreetingLog greetings;

    public GreetingLogPruning(GreetingLog greetings) {
        this.greetings = greetings;
    }

    @Scheduled(fixedDelayString = "${sample.pruning-interval:30s}", initialDelayString = "${sample.pruning-interval:30s}")
    public void prune() {
        int removed = greetings.prune();
        log.info("Pruned {} old greetings", removed);
    }
}
