package io.robustpose.core.eval.coco;

import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.KeypointResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticKeypointCaseTest {

    @Test
    void sameSeedSameCaseAndFilesEvaluateLikeMemory(@TempDir Path dir) {
        SyntheticKeypointCase a = SyntheticKeypointCase.generate(150, 200, 3000, 9);
        SyntheticKeypointCase b = SyntheticKeypointCase.generate(150, 200, 3000, 9);
        assertThat(a.results()).hasSize(3000);
        assertThat(a.groundTruth().annotations()).hasSize(200);
        for (int i = 0; i < a.results().size(); i++) {
            assertThat(b.results().get(i).keypoints()).containsExactly(a.results().get(i).keypoints());
            assertThat(b.results().get(i).score()).isEqualTo(a.results().get(i).score());
        }
        assertThat(SyntheticKeypointCase.generate(150, 200, 3000, 10).results().get(0).score())
                .isNotEqualTo(a.results().get(0).score());

        a.writeTo(dir);
        CocoDataset gt = CocoReader.readCoco(dir.resolve("gt.json"));
        KeypointResults res = KeypointResults.read(dir.resolve("res.json"));
        CocoEvalResult fromFiles = CocoKeypointEval.evaluate(gt, res.results());
        CocoEvalResult inMemory = CocoKeypointEval.evaluate(a.groundTruth(), a.results());
        assertThat(fromFiles.stats().toArray()).containsExactly(inMemory.stats().toArray());
        // the case exercises crowds, unlabelled persons and more than maxDets detections per image
        assertThat(inMemory.counts().gtIgnored()).isPositive();
        assertThat(inMemory.counts().resultsBeyondMaxDets()).isPositive();
        assertThat(inMemory.stats().ap()).isBetween(0.2, 0.95);
    }

    @Test
    void benchmarkReportsTimingsAndTheStats() {
        CocoEvalBenchmark.Result r = CocoEvalBenchmark.run(200, 260, 4000, 2, 2, 2);
        assertThat(r.detections()).isEqualTo(4000);
        assertThat(r.evaluateMs()).isPositive();
        assertThat(r.accumulateMs()).isPositive();
        assertThat(r.evaluateAndAccumulateMs()).isEqualTo(r.evaluateMs() + r.accumulateMs());
        assertThat(r.heapPeakBytes()).isPositive();
        SyntheticKeypointCase c = SyntheticKeypointCase.generate(200, 260, 4000, 2);
        assertThat(r.stats().toArray())
                .containsExactly(CocoKeypointEval.evaluate(c.groundTruth(), c.results()).stats().toArray());
        assertThat(r.toMap()).containsKeys("evaluate_accumulate_ms", "heap_peak_bytes", "stats");
    }
}
