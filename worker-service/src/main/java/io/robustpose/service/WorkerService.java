package io.robustpose.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.robustpose.workflow.message.TaskType;
import io.robustpose.workflow.worker.ArtifactStore;
import io.robustpose.workflow.worker.TaskHandler;
import io.robustpose.workflow.worker.WorkerRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the worker runtime inside a worker service, with the task handlers the service provides as
 * a {@link WorkerHandlers} bean. Ready when the broker answers and the consumers run.
 */
@ApplicationScoped
public class WorkerService {

    @Inject
    KafkaSettings kafka;
    @Inject
    WorkerSettings settings;
    @Inject
    MeterRegistry registry;
    @Inject
    Instance<WorkerHandlers> handlers;
    @ConfigProperty(name = "robustpose.artifacts", defaultValue = "artifacts")
    String artifacts;

    private WorkerRuntime runtime;

    void start(@Observes StartupEvent e) {
        if (!handlers.isResolvable()) {
            return;
        }
        Map<TaskType, TaskHandler> byType = handlers.get().handlers();
        String id = settings.id().orElseGet(WorkerService::defaultId);
        runtime = new WorkerRuntime(new WorkerRuntime.Config(kafka.clients(), new ArtifactStore(Path.of(artifacts)), id,
                settings.concurrency(), settings.maxAttempts(), settings.retryBackoff(), settings.heartbeatInterval(),
                settings.shutdownGrace(), Map.of("session.timeout.ms", (int) settings.sessionTimeout().toMillis(),
                "heartbeat.interval.ms", (int) Math.max(500, settings.sessionTimeout().toMillis() / 4)),
                settings.maxCrashes(), settings.pool().orElse(null)), byType, registry);
        runtime.start();
    }

    void stop(@Observes ShutdownEvent e) {
        if (runtime != null) {
            runtime.close();
        }
    }

    public boolean ready() {
        return runtime != null && runtime.ready();
    }

    static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception ex) {
            host = "worker";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    @Readiness
    @ApplicationScoped
    public static class WorkerReadiness implements HealthCheck {
        @Inject
        WorkerService service;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("kafka-worker").status(service.ready()).build();
        }
    }
}
