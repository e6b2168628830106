package io.traceandtrace.core.export.skywalking;

import io.grpc.Channel;
import io.traceandtrace.core.export.ThrottledLog;
import org.apache.skywalking.apm.network.common.v3.KeyStringValuePair;
import org.apache.skywalking.apm.network.management.v3.InstancePingPkg;
import org.apache.skywalking.apm.network.management.v3.InstanceProperties;
import org.apache.skywalking.apm.network.management.v3.ManagementServiceGrpc;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes the service and instance show up in the OAP as SkyWalking's agents do: the instance's
 * properties once (until the OAP takes them), then a keep-alive every 30 seconds, on a thread of
 * its own so that a slow OAP never holds up spans.
 */
final class InstanceReporter {

    static final Duration KEEP_ALIVE_PERIOD = Duration.ofSeconds(30);

    private final ManagementServiceGrpc.ManagementServiceBlockingStub management;
    private final String service;
    private final String instance;
    private final Duration timeout;
    private final ThrottledLog throttled;
    private final String oap;
    private final ScheduledExecutorService scheduler;
    private volatile boolean propertiesReported;

    InstanceReporter(Channel channel, String service, String instance, Duration timeout, ThrottledLog throttled,
                     String oap) {
        this.management = ManagementServiceGrpc.newBlockingStub(channel);
        this.service = service;
        this.instance = instance;
        this.timeout = timeout;
        this.throttled = throttled;
        this.oap = oap;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "traceandtrace-skywalking-keepalive");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::report, 0, KEEP_ALIVE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        scheduler.shutdownNow();
    }

    private void report() {
        try {
            if (!propertiesReported) {
                management.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .reportInstanceProperties(properties());
                propertiesReported = true;
            }
            management.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .keepAlive(InstancePingPkg.newBuilder().setService(service).setServiceInstance(instance).build());
        } catch (RuntimeException e) {
            throttled.warn("skywalking-keepalive", "Could not report instance " + instance + " to " + oap + ": " + e, e);
        }
    }

    InstanceProperties properties() {
        InstanceProperties.Builder properties = InstanceProperties.newBuilder()
                .setService(service)
                .setServiceInstance(instance)
                .addProperties(pair("language", "java"))
                .addProperties(pair("OS Name", System.getProperty("os.name", "")))
                .addProperties(pair("Process No.", String.valueOf(ProcessHandle.current().pid())));
        try {
            properties.addProperties(pair("hostname", InetAddress.getLocalHost().getHostName()));
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
                        properties.addProperties(pair("ipv4", address.getHostAddress()));
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the host's names are a nicety: the instance shows up without them
        }
        return properties.build();
    }

    private static KeyStringValuePair pair(String key, String value) {
        return KeyStringValuePair.newBuilder().setKey(key).setValue(value).build();
    }
}
