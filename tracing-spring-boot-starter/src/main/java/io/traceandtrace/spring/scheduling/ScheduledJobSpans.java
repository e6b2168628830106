package io.traceandtrace.spring.scheduling;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.opentracing.Tracer;
import io.traceandtrace.core.settings.InvalidTracerSettingException;
import io.traceandtrace.spring.observation.TracingObservationHandler;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.StringUtils;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spans for runs of {@code @Scheduled} methods, from the observation Spring makes of each run. A run is the
 * root of a new trace, whatever span a previous job left active on the scheduler's thread; only a caller's
 * observation (the run started inside one) makes it a child. Named, tagged and finished like any observed
 * work (by a {@link TracingObservationHandler} of its own), and jobs named in {@code tracing.scheduling.skip}
 * make no span.
 */
public class ScheduledJobSpans implements ObservationHandler<ScheduledTaskObservationContext> {

    static final String SPAN_NAME_PREFIX = "task ";

    private final TracingObservationHandler spans;
    private final Set<String> skipped;
    private final Map<Method, Boolean> skippedMethods = new ConcurrentHashMap<>();

    /**
     * @param skipped jobs without spans: as the span names them ({@code task myJobs.cleanUp}), or {@code Class.method}
     *                with the simple or the fully qualified class name
     * @throws InvalidTracerSettingException naming {@code tracing.scheduling.skip[i]} for an entry that can name no job
     */
    public ScheduledJobSpans(Tracer tracer, List<String> skipped) {
        for (int i = 0; i < skipped.size(); i++) {
            String job = skipped.get(i);
            if (job == null || !job.trim().matches("[^.\\s]+(\\.[^.\\s]+)+|task [^.\\s]+\\.[^.\\s]+")) {
                throw new InvalidTracerSettingException("scheduling.skip[" + i + "]", job,
                        "expected a job as its span is named (task myJobs.cleanUp) or Class.method"
                                + " (MyJobs.cleanUp, com.example.MyJobs.cleanUp)");
            }
        }
        this.skipped = Set.copyOf(skipped.stream().map(String::trim).toList());
        this.spans = new TracingObservationHandler(new NoActiveSpanTracer(tracer), Set.of());
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ScheduledTaskObservationContext job && !skipped(job);
    }

    private boolean skipped(ScheduledTaskObservationContext job) {
        if (skipped.isEmpty()) {
            return false;
        }
        return skippedMethods.computeIfAbsent(job.getMethod(), method -> names(job.getTargetClass(), method.getName())
                .stream().anyMatch(skipped::contains));
    }

    /** The span's name, the bean's, and Class.method with the class qualified as little or as much as the user likes. */
    private static List<String> names(Class<?> type, String method) {
        List<String> names = new ArrayList<>();
        String bean = StringUtils.uncapitalize(type.getSimpleName()) + "." + method;
        names.add(SPAN_NAME_PREFIX + bean);
        names.add(bean);
        names.add(type.getName() + "." + method);
        String qualified = (type.getCanonicalName() != null ? type.getCanonicalName() : type.getName()) + "." + method;
        for (int dot = 0; dot >= 0; dot = qualified.indexOf('.', dot + 1)) {
            names.add(dot == 0 ? qualified : qualified.substring(dot + 1));
        }
        return names;
    }

    @Override
    public void onStart(ScheduledTaskObservationContext context) {
        // a convention of the application's may name the job otherwise: its name is known from here on
        String name = context.getContextualName();
        if (name == null || !skipped.contains(name)) {
            spans.onStart(context);
        }
    }

    @Override
    public void onScopeOpened(ScheduledTaskObservationContext context) {
        spans.onScopeOpened(context);
    }

    @Override
    public void onScopeClosed(ScheduledTaskObservationContext context) {
        spans.onScopeClosed(context);
    }

    @Override
    public void onEvent(Observation.Event event, ScheduledTaskObservationContext context) {
        spans.onEvent(event, context);
    }

    @Override
    public void onError(ScheduledTaskObservationContext context) {
        spans.onError(context);
    }

    @Override
    public void onStop(ScheduledTaskObservationContext context) {
        spans.onStop(context);
    }
}
