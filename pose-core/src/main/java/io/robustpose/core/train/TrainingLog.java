package io.robustpose.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code training-log.jsonl} of a run directory: one JSON line per finished epoch with the means of
 * its steps (P's loss, heatmap and KD parts, the generator's loss, the mix statistics), the
 * learning rate, the wall time and the validation metrics. Appended before the epoch's checkpoint,
 * so a resumed run may repeat an epoch's line (a reader keeps the last one per epoch); after a
 * resume mid-epoch, the means cover the steps run in the resuming process ({@code steps}).
 */
public final class TrainingLog {

    public static final String FILE = "training-log.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private double loss;
    private double heatmap;
    private double kd;
    private double generator;
    private double entropy;
    private double[] shares;
    private int steps;
    private double lr;
    private long startNanos = System.nanoTime();

    void add(TrainingStep.Losses l, double learningRate) {
        loss += l.total();
        heatmap += l.heatmap();
        kd += l.kd();
        generator += l.generator();
        entropy += l.mixEntropy();
        if (l.mixShares() != null) {
            if (shares == null) {
                shares = new double[l.mixShares().length];
            }
            for (int i = 0; i < shares.length; i++) {
                shares[i] += l.mixShares()[i];
            }
        }
        lr = learningRate;
        steps++;
    }

    double meanLoss() {
        return loss / steps;
    }

    int steps() {
        return steps;
    }

    /** Appends the epoch's line to {@code dir/training-log.jsonl} and starts a new epoch. */
    void append(Path dir, int epoch, long globalStep, Map<String, Double> validation) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", epoch);
        row.put("global_step", globalStep);
        row.put("steps", steps);
        row.put("lr", lr);
        row.put("loss", finite(loss / steps));
        row.put("heatmap", finite(heatmap / steps));
        row.put("kd", finite(kd / steps));
        row.put("generator", finite(generator / steps));
        if (shares != null) {
            double[] mean = new double[shares.length];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = shares[i] / steps;
            }
            row.put("mix_shares", mean);
        }
        row.put("mix_entropy", finite(entropy / steps));
        row.put("seconds", (System.nanoTime() - startNanos) / 1e9);
        row.put("validation", validation);
        Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(row) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        loss = heatmap = kd = generator = entropy = 0;
        shares = null;
        steps = 0;
        startNanos = System.nanoTime();
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** The lines of a run's log, the last one per epoch, in epoch order (empty when there is none). */
    public static List<JsonNode> read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        TreeMap<Integer, JsonNode> byEpoch = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                continue; // a line cut by a crash
            }
            byEpoch.put(n.path("epoch").asInt(), n);
        }
        return new ArrayList<>(byEpoch.values());
    }
}
