package io.robustpose.orchestrator;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.robustpose.service.KafkaSettings;
import io.robustpose.workflow.orchestration.Orchestrator;
import io.robustpose.workflow.orchestration.RetryPolicy;
import io.robustpose.workflow.spec.DataRoots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/** Runs the orchestration engine for the lifetime of the service. */
@ApplicationScoped
public class OrchestratorService {
    @Inject
    KafkaSettings kafka;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "robustpose.data-roots")
    String dataRoots;
    @ConfigProperty(name = "robustpose.retry.max-attempts")
    int maxAttempts;
    @ConfigProperty(name = "robustpose.retry.base-backoff")
    Duration baseBackoff;
    @ConfigProperty(name = "robustpose.retry.max-backoff")
    Duration maxBackoff;
    @ConfigProperty(name = "robustpose.retry.stall-timeout", defaultValue = "5m")
    Duration stallTimeout;
    @ConfigProperty(name = "robustpose.artifacts")
    String artifacts;
    @ConfigProperty(name = "robustpose.retention", defaultValue = "30d")
    Duration retention;
    @ConfigProperty(name = "robustpose.retention.delete-artifacts", defaultValue = "false")
    boolean retentionDeletesArtifacts;
    /** Default: {@code <prefix>-orchestrator} (ROBUSTPOSE_KAFKA_PREFIX). */
    @ConfigProperty(name = "robustpose.orchestrator.transactional-id")
    java.util.Optional<String> transactionalId;

    @ConfigProperty(name = "robustpose.api.token")
    java.util.Optional<String> apiToken;
    @ConfigProperty(name = "robustpose.api.insecure", defaultValue = "false")
    boolean insecure;

    private Orchestrator engine;
    private ExperimentFiles files;

    void start(@Observes StartupEvent e) {
        if (apiToken.map(String::isBlank).orElse(true) && !insecure) {
            throw new IllegalStateException("ROBUSTPOSE_API_TOKEN is not set: the experiments API would accept anyone. "
                    + "Set a token, or ROBUSTPOSE_INSECURE=true to run without authentication (trusted hosts only)");
        }
        engine = new Orchestrator(new Orchestrator.Config(kafka.clients(), DataRoots.parse(dataRoots),
                new RetryPolicy(maxAttempts, baseBackoff, maxBackoff, stallTimeout), transactionalId.orElse(null),
                java.nio.file.Path.of(artifacts), retention, retentionDeletesArtifacts), registry);
        files = new ExperimentFiles(java.nio.file.Path.of(artifacts));
        engine.start();
    }

    void stop(@Observes ShutdownEvent e) {
        engine.close();
    }

    public Orchestrator engine() {
        return engine;
    }

    /** The experiments' files in the artifact store, as the API serves them. */
    ExperimentFiles files() {
        return files;
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @Inject
        OrchestratorService service;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("orchestrator-kafka").status(service.engine().ready()).build();
        }
    }
}
