package io.traceandtrace.spring.jms;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.MessageListenerContainer;
import org.springframework.util.ErrorHandler;

/**
 * Before the {@code @JmsListener} containers start, gives each an {@link ErrorHandler} that records the listener's
 * exception on the listener's observation (so its span has {@code error=true}), then does what the container did
 * before: calls the application's handler, or logs the warning Spring logs when there is none.
 */
class JmsListenerErrorObserver implements SmartLifecycle {

    private final ObjectProvider<JmsListenerEndpointRegistry> registry;
    private volatile boolean running;

    JmsListenerErrorObserver(ObjectProvider<JmsListenerEndpointRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public void start() {
        registry.ifAvailable(r -> r.getListenerContainers().forEach(JmsListenerErrorObserver::observeErrors));
        running = true;
    }

    static void observeErrors(MessageListenerContainer container) {
        if (container instanceof AbstractMessageListenerContainer listener && listener.getObservationRegistry() != null
                && !(listener.getErrorHandler() instanceof ObservedErrorHandler)) {
            listener.setErrorHandler(new ObservedErrorHandler(listener.getObservationRegistry(), listener.getErrorHandler(),
                    LogFactory.getLog(listener.getClass())));
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers, which start in the last phase. */
    @Override
    public int getPhase() {
        return 0;
    }

    /** Called while the listener's observation is still current, before the container stops it. */
    record ObservedErrorHandler(ObservationRegistry observations, ErrorHandler delegate, Log containerLog) implements ErrorHandler {

        @Override
        public void handleError(Throwable error) {
            Observation current = observations.getCurrentObservation();
            if (current != null && current.getContextView() instanceof ReceiverContext<?>) {
                current.error(error);
            }
            if (delegate != null) {
                delegate.handleError(error);
            } else if (containerLog.isWarnEnabled()) {
                containerLog.warn("Execution of JMS message listener failed, and no ErrorHandler has been set.", error);
            }
        }
    }
}
