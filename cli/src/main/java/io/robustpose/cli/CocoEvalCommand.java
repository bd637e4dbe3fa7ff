package io.robustpose.cli;

import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.KeypointResults;
import io.robustpose.core.eval.coco.CocoKeypointEval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "coco-eval", description = "COCO keypoint AP exactly as pycocotools COCOeval(iouType='keypoints'); one JSON object on stdout.")
final class CocoEvalCommand implements Callable<Integer> {
    @Option(names = "--gt", required = true, description = "ground truth (COCO person keypoints JSON)")
    Path gt;

    @Option(names = "--results", required = true, description = "results (COCO results format)")
    Path results;

    @Override
    public Integer call() {
        var truth = CocoReader.readCoco(gt);
        var res = KeypointResults.read(results);
        var eval = CocoKeypointEval.evaluate(truth, res.results());
        System.out.println(eval.stats().toJson());
        return 0;
    }
}
