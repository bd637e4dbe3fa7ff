package io.robustpose.core.benchmark;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.eval.robustness.ModelMetrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a result is not comparable with the paper's tables, read from how it was made (its provenance):
 * the warnings the reports show above their tables. Each names the setting and what it changes.
 */
public final class Comparability {
    private Comparability() {
    }

    /** The distinct warnings for these models' results on a dataset format (coco, ochuman, mpii). */
    public static List<String> warnings(String format, List<ModelMetrics> models) {
        Set<String> out = new LinkedHashSet<>();
        for (ModelMetrics m : models) {
            out.addAll(warnings(format, m.provenance(), m.corrupted().containsKey(Corruption.FROST)));
        }
        return List.copyOf(out);
    }

    /** As Markdown: a heading and a list, or nothing when there are no warnings. */
    public static String markdown(List<String> warnings) {
        if (warnings.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n## Not comparable with the paper\n\n");
        warnings.forEach(w -> b.append("- ").append(w).append('\n'));
        return b.toString();
    }

    static List<String> warnings(String format, Map<String, String> provenance, boolean frostEvaluated) {
        List<String> w = new ArrayList<>();
        String boxes = provenance.getOrDefault("boxes", "");
        // the paper's COCO-C numbers (Table 1) use a person detector's boxes, as the official COCO val results;
        // OCHuman is evaluated on ground-truth boxes, MPII on its annotated centres and scales
        if ("coco".equals(format) && boxes.equals("ground truth")) {
            w.add("Person boxes are the ground truth: the paper's COCO-C table uses a person detector's boxes, "
                    + "so AP here is higher than a detector-based run (set dataset.boxes / --boxes to the detections).");
        }
        String corruptions = provenance.getOrDefault("corruptions", "");
        if (corruptions.startsWith("on the fly") || corruptions.startsWith("on-the-fly")) {
            w.add("Corruptions were applied on the fly without the JPEG re-save of the materialized benchmark "
                    + "(the official COCO-C/MPII-C/OCHuman-C files are JPEGs): values differ slightly from a run on the "
                    + "materialized images (benchmark.mode: materialized, or corrupt-dataset and --corrupted).");
        }
        if (frostEvaluated && provenance.getOrDefault("frost_textures", "").startsWith("procedural")) {
            w.add("Frost used procedural textures, not the official frost images: the frost column is not comparable "
                    + "(mount the official frost1..6 images: --frost-dir / ROBUSTPOSE_CORRUPTION_FROST_DIR).");
        }
        return w;
    }
}
