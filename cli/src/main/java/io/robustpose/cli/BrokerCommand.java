package io.robustpose.cli;

import io.robustpose.kafka.EmbeddedKafka;
import io.robustpose.workflow.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/** A single-node KRaft broker in this process, data kept across restarts; stops cleanly on SIGTERM. */
@Command(name = "broker", description = "Run a local single-node Kafka broker (KRaft) with the robustpose topics.")
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--data", description = "data directory, kept across restarts (default: ${DEFAULT-VALUE})",
            defaultValue = "work/broker")
    Path data;

    @Option(names = "--port", description = "listener port on 127.0.0.1 (default: ${DEFAULT-VALUE})", defaultValue = "9092")
    int port;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.persistent(data, port, 0).start();
        KafkaClients.of(broker.bootstrapServers()).ensureTopics();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("stopping broker");
            broker.stop();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("broker ready on " + broker.bootstrapServers() + " (data in " + data.toAbsolutePath() + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
