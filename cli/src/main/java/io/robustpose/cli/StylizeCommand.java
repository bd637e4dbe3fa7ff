package io.robustpose.cli;

import io.robustpose.core.dataset.CocoDataset;
import io.robustpose.core.dataset.CocoImage;
import io.robustpose.core.dataset.CocoReader;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.train.augment.ProceduralStylization;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stylize", description = "Write a procedural stand-in for Stylized-COCO (OpenCV's edge-preserving "
        + "stylization + a random colour change per image; not AdaIN style transfer): the second source of "
        + "'train --method advmix-stylized --stylized OUT'.")
final class StylizeCommand implements Callable<Integer> {
    @Option(names = "--images", required = true)
    Path images;

    @Option(names = "--annotations", required = true, description = "COCO-format annotations naming the images")
    Path annotations;

    @Option(names = "--out", required = true)
    Path out;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Override
    public Integer call() throws Exception {
        CocoDataset d = CocoReader.of(DatasetFormat.COCO).withoutSegmentation().read(annotations);
        int n = ProceduralStylization.writeCopy(images, d.images().stream().map(CocoImage::fileName).toList(), out, seed);
        System.err.println(n + " stylized images written");
        System.out.println(out);
        return 0;
    }
}
