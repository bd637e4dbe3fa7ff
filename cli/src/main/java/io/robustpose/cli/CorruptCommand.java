package io.robustpose.cli;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.corruption.Corruptor;
import io.robustpose.core.image.ImageIo;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "corrupt", description = "Corrupt one image with a reference corruption at a severity.")
final class CorruptCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "input image (JPEG or PNG; grayscale and RGBA accepted)")
    Path input;

    @Option(names = "--output", required = true, description = "output image; .png is lossless, .jpg uses --jpeg-quality")
    Path output;

    @Option(names = "--corruption", required = true, completionCandidates = Options.CorruptionIds.class,
            description = "${COMPLETION-CANDIDATES}")
    String corruption;

    @Option(names = "--severity", required = true, description = "1..5")
    int severity;

    @Option(names = "--seed", defaultValue = "1", description = "global seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--param", description = "pin a random draw, e.g. angle_deg=12 (motion_blur), frost_index=2")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--frost-dir", description = "directory with the official frost1..6 images (default: procedural textures)")
    Path frostDir;

    @Option(names = "--jpeg-quality", defaultValue = "75", description = "JPEG quality for .jpg output (default: ${DEFAULT-VALUE})")
    int jpegQuality;

    @Override
    public Integer call() {
        Corruption c = Options.corruption("--corruption", corruption);
        Corruptor corruptor = frostDir == null ? Corruptor.withProceduralFrost() : Corruptor.withFrostDirectory(frostDir);
        Mat image = ImageIo.read(input);
        Mat out = corruptor.apply(image, c, severity, seed, input.getFileName().toString(), params);
        ImageIo.write(output, out, jpegQuality);
        System.err.println("wrote " + output);
        return 0;
    }
}
