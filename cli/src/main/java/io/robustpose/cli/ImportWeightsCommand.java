package io.robustpose.cli;

import ai.djl.ndarray.NDManager;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.model.WeightImporter;
import io.robustpose.core.model.pth.TorchCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Official (HRNet/SimpleBaseline, mmpose) PyTorch weights → a robustpose checkpoint that {@code evaluate},
 * specs ({@code file:}) and training ({@code init:}) take.
 */
@Command(name = "import-weights", description = "Convert a PyTorch .pth (official HRNet/SimpleBaseline or mmpose "
        + "key names; zip or legacy format, read without executing its pickle) into a robustpose checkpoint.")
final class ImportWeightsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.pth", description = "the PyTorch checkpoint")
    Path file;

    @Option(names = "--arch", required = true, completionCandidates = Options.ArchitectureIds.class,
            description = "the network the weights belong to: ${COMPLETION-CANDIDATES}")
    String arch;

    @Option(names = "--input", description = "input HEIGHTxWIDTH (default: 256x192 for top-down networks; 512x512 for "
            + "HigherHRNet, whose short side is the test input size: 512 for w32_512, 640 for w48_640)")
    String input;

    @Option(names = "--joints", defaultValue = "17", description = "17 (COCO) or 16 (MPII) (default: ${DEFAULT-VALUE})")
    int joints;

    @Option(names = "--color", description = "the channel order the weights were trained on: ${COMPLETION-CANDIDATES} "
            + "(default: BGR for SimpleBaseline, whose official configs set COLOR_RGB: false; RGB for HRNet, whose "
            + "configs set COLOR_RGB: true)")
    Color color;

    @Option(names = "--partial", description = "load the keys both sides have and report the rest (e.g. an ImageNet "
            + "backbone as training init); default: every key must match")
    boolean partial;

    @Option(names = "--out", required = true, description = "the robustpose checkpoint to write (.safetensors)")
    Path out;

    enum Color { RGB, BGR }

    @Override
    public Integer call() throws Exception {
        Architecture architecture = Options.architecture("--arch", arch);
        int[] hw = Options.inputSize(input != null ? input : architecture.bottomUp() ? "512x512" : "256x192");
        Color c = color != null ? color : architecture.id().startsWith("simplebaseline") ? Color.BGR : Color.RGB;
        TorchCheckpoint pth;
        try {
            pth = TorchCheckpoint.read(file);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e); // the file is the user's input: exit 2
        }
        try (NDManager manager = PoseNetworks.newManager()) {
            PoseNet net = PoseNetworks.create(manager, architecture, joints, hw[0], hw[1]);
            WeightImporter.Report r = WeightImporter.load(net, pth.source(),
                    partial ? WeightImporter.Mode.PARTIAL : WeightImporter.Mode.STRICT);
            if (r.loaded() == 0) {
                throw new IllegalArgumentException(file + " has no tensor of " + architecture.id() + " (its keys start "
                        + pth.tensors().keySet().stream().limit(3).toList() + ")");
            }
            net.inputColor(c.name());
            Checkpoints.save(out, net, Map.of("imported_from", file.getFileName().toString(),
                    "imported_format", pth.format()));
            System.out.printf(Locale.ROOT, "%s (%s format): %d tensors loaded into %s %dx%d, %d joints, %s input%s%n",
                    file, pth.format(), r.loaded(), architecture.id(), hw[0], hw[1], joints, c,
                    color == null ? " (the official default for the architecture; --color to change)" : "");
            if (!r.missing().isEmpty()) {
                System.out.println("left at their initial values (" + r.missing().size() + "): " + abbreviate(r.missing()));
            }
            if (!r.unused().isEmpty()) {
                System.out.println("not used (" + r.unused().size() + "): " + abbreviate(r.unused()));
            }
            System.out.println("written: " + out);
        }
        return 0;
    }

    private static String abbreviate(java.util.List<String> keys) {
        return keys.size() <= 8 ? keys.toString() : keys.subList(0, 8) + " …";
    }
}
