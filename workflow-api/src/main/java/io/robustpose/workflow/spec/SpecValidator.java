package io.robustpose.workflow.spec;

import io.robustpose.core.Identified;
import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.dataset.DatasetFormat;
import io.robustpose.core.dataset.PersonBoxes;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.Recipe;
import io.robustpose.core.train.TrainingMethod;
import io.robustpose.workflow.spec.ExperimentSpec.Benchmark;
import io.robustpose.workflow.spec.ExperimentSpec.Dataset;
import io.robustpose.workflow.spec.ExperimentSpec.Model;
import io.robustpose.workflow.spec.ExperimentSpec.Report;
import io.robustpose.workflow.spec.ExperimentSpec.Training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a spec and returns its canonical form: corruptions and severities as explicit lists,
 * paths absolute and confined to the data roots, defaults filled in. All errors are collected
 * and reported together, each naming its field and the allowed values.
 */
public final class SpecValidator {
    public static final String MODE_ON_THE_FLY = "on-the-fly";
    public static final String MODE_MATERIALIZED = "materialized";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern INPUT = Pattern.compile("(\\d{2,4})x(\\d{2,4})");
    private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*-\\s*(\\d+)\\s*");
    private static final List<String> REPORT_FORMATS = List.of("html", "md", "json", "csv");
    /** Network input bounds: every pose network here needs multiples of 32 (5 halvings). */
    static final int MIN_INPUT = 32;
    static final int MAX_INPUT = 1024;

    private final DataRoots roots;
    private final List<SpecException.FieldError> errors = new ArrayList<>();

    private SpecValidator(DataRoots roots) {
        this.roots = roots;
    }

    public static ExperimentSpec validate(ExperimentSpec spec, DataRoots roots) {
        SpecValidator v = new SpecValidator(roots);
        ExperimentSpec canonical = v.check(spec);
        if (!v.errors.isEmpty()) {
            throw new SpecException(v.errors);
        }
        return canonical;
    }

    /** A pool name routes tasks to the topics {@link io.robustpose.workflow.message.TopicNames} derives from it. */
    private void pool(String field, String name) {
        if (name != null && !io.robustpose.workflow.message.TopicNames.validPool(name)) {
            error(field, "'" + name + "' is not a pool name: 1-40 lower-case letters, digits and '-', starting and "
                    + "ending with a letter or digit (a DNS label, as the chart's workerPools keys)");
        }
    }

    private void error(String field, String message) {
        errors.add(new SpecException.FieldError(field, message));
    }

    private ExperimentSpec check(ExperimentSpec spec) {
        String name = spec.name() == null ? "experiment" : spec.name();
        if (!NAME.matcher(name).matches()) {
            error("name", "must match " + NAME.pattern() + " (got '" + name + "')");
        }
        Dataset dataset = checkDataset(spec.dataset());
        Benchmark benchmark = checkBenchmark(spec.benchmark());
        List<Model> models = checkModels(spec.models());
        // a model given as a file may be either kind; only named bottom-up architectures are known to need no boxes
        boolean topDown = models.stream().anyMatch(m -> m.architecture() == null
                || Architecture.byId(m.architecture()).map(a -> !a.bottomUp()).orElse(true));
        boolean bottomUp = models.stream().anyMatch(m -> m.architecture() != null
                && Architecture.byId(m.architecture()).map(Architecture::bottomUp).orElse(false));
        if (spec.dataset() != null && spec.dataset().boxes() == null && "coco".equals(dataset.format()) && topDown) {
            // COCO-C numbers depend on it: the paper's tables use detections (USE_GT_BBOX: false), the released
            // AdvMix COCO config ground truth; neither is a safe silent default
            error("dataset.boxes", "required for COCO: gt (ground-truth person boxes) or a person detections file (the "
                    + "paper's tables: HRNet's COCO_val2017_detections_AP_H_56_person.json); the top-down models crop "
                    + "people from them (bottom-up ones need none)");
        }
        if (dataset != null && benchmark != null && PersonBoxes.perCondition(dataset.boxes())) {
            requireBoxesPerCondition(dataset.boxes(), benchmark);
        }
        if (bottomUp && "mpii".equals(dataset.format())) {
            error("dataset.format", "bottom-up models train and evaluate on COCO-format data (coco, ochuman), not mpii");
        }
        Report report = checkReport(spec.report());
        return new ExperimentSpec(name, dataset, benchmark, models, report);
    }

    private Dataset checkDataset(Dataset d) {
        if (d == null) {
            error("dataset", "missing");
            return null;
        }
        String format = null;
        if (d.format() == null) {
            error("dataset.format", "missing (allowed: " + allowed(DatasetFormat.values()) + ")");
        } else if (DatasetFormat.byId(d.format()).isEmpty()) {
            error("dataset.format", "unknown '" + d.format() + "' (allowed: " + allowed(DatasetFormat.values()) + ")");
        } else {
            format = DatasetFormat.byId(d.format()).get().id();
        }
        String images = path("dataset.images", d.images(), true, Kind.DIRECTORY);
        String annotations = path("dataset.annotations", d.annotations(), true);
        String boxes = PersonBoxes.groundTruth(d.boxes()) ? PersonBoxes.GT
                : d.boxes().contains(PersonBoxes.CORRUPTION) || d.boxes().contains(PersonBoxes.SEVERITY)
                ? boxesPattern(d.boxes()) : path("dataset.boxes", d.boxes(), true);
        String name = d.name() != null ? d.name() : format;
        if (name != null && !NAME.matcher(name).matches()) {
            error("dataset.name", "must match " + NAME.pattern() + " (got '" + name + "')");
        }
        String trainImages = d.trainImages() == null ? images
                : path("dataset.trainImages", d.trainImages(), true, Kind.DIRECTORY);
        String trainAnnotations = d.trainAnnotations() == null ? annotations
                : path("dataset.trainAnnotations", d.trainAnnotations(), true);
        String headBoxes = null;
        if ("mpii".equals(format)) {
            if (!"gt".equals(boxes)) {
                error("dataset.boxes", "MPII is evaluated on its annotated centre and scale: leave boxes out (got '" + d.boxes() + "')");
            }
            if (d.headBoxes() == null) {
                error("dataset.headBoxes", "missing: PCKh needs head boxes (gt_valid.mat, a JSON file, or from-joints)");
            } else {
                headBoxes = d.headBoxes().equals("from-joints") ? "from-joints" : path("dataset.headBoxes", d.headBoxes(), true);
            }
        } else if (d.headBoxes() != null) {
            error("dataset.headBoxes", "only for format mpii (format is '" + format + "')");
        }
        return new Dataset(name, format, images, annotations, boxes, trainImages, trainAnnotations, headBoxes);
    }

    /** A per-condition boxes pattern, confined to the data roots (its files are checked with the benchmark). */
    private String boxesPattern(String value) {
        try {
            PersonBoxes.requireValid(value);
        } catch (IllegalArgumentException e) {
            error("dataset.boxes", e.getMessage());
            return null;
        }
        try {
            var confined = roots.confine(value);
            if (confined.isEmpty()) {
                error("dataset.boxes", "'" + value + "' is outside the configured data roots " + roots.roots());
                return null;
            }
            return confined.get().toString();
        } catch (java.nio.file.InvalidPathException e) {
            error("dataset.boxes", "not a valid path: " + e.getReason());
            return null;
        }
    }

    /** Every condition the benchmark evaluates (clean included) has its detections file. */
    @SuppressWarnings("unchecked")
    private void requireBoxesPerCondition(String pattern, Benchmark b) {
        List<String> corruptions = (List<String>) b.corruptions();
        List<Integer> severities = (List<Integer>) b.severities();
        List<String> missing = PersonBoxes.missingFiles(pattern, corruptions, severities);
        if (!missing.isEmpty()) {
            error("dataset.boxes", missing.size() + " of the " + (1 + corruptions.size() * severities.size())
                    + " per-condition detection files are missing, e.g. "
                    + String.join(", ", missing.subList(0, Math.min(3, missing.size())))
                    + " (" + PersonBoxes.CORRUPTION + " is clean with " + PersonBoxes.SEVERITY + " 0 for the clean images)");
        }
    }

    /** What a referenced path must be at submit time. */
    private enum Kind { FILE, DIRECTORY }

    private String path(String field, String value, boolean required) {
        return path(field, value, required, Kind.FILE);
    }

    /**
     * A path confined to the data roots that exists, is of the expected kind and is readable at
     * submit time (a spec that cannot run is refused before anything is dispatched).
     */
    private String path(String field, String value, boolean required, Kind kind) {
        if (value == null || value.isBlank()) {
            if (required) {
                error(field, "missing");
            }
            return null;
        }
        java.util.Optional<java.nio.file.Path> confined;
        try {
            confined = roots.confine(value);
        } catch (java.nio.file.InvalidPathException e) {
            error(field, "not a valid path: " + e.getReason());
            return null;
        }
        if (confined.isEmpty()) {
            error(field, "'" + value + "' is outside the configured data roots " + roots.roots());
            return null;
        }
        java.nio.file.Path p = confined.get();
        if (kind == Kind.DIRECTORY ? !java.nio.file.Files.isDirectory(p) : !java.nio.file.Files.isRegularFile(p)) {
            error(field, "'" + value + "' is not an existing " + (kind == Kind.DIRECTORY ? "directory" : "file"));
        } else if (!java.nio.file.Files.isReadable(p)) {
            error(field, "'" + value + "' is not readable");
        }
        return p.toString();
    }

    private Benchmark checkBenchmark(Benchmark b) {
        if (b == null) {
            b = new Benchmark(null, null, null, null, null, null, null);
        }
        List<String> corruptions = corruptions(b.corruptions());
        List<Integer> severities = severities(b.severities());
        String mode = b.mode() == null ? MODE_ON_THE_FLY : b.mode();
        if (!mode.equals(MODE_ON_THE_FLY) && !mode.equals(MODE_MATERIALIZED)) {
            error("benchmark.mode", "unknown '" + mode + "' (allowed: " + MODE_ON_THE_FLY + ", " + MODE_MATERIALIZED + ")");
        }
        long seed = b.seed() == null ? 1L : b.seed();
        int evalShards = b.evalShards() == null ? 1 : b.evalShards();
        if (evalShards < 1 || evalShards > 1024) {
            error("benchmark.evalShards", "must be within 1..1024 (got " + evalShards + ")");
        }
        int corruptShards = b.corruptShards() == null ? 1 : b.corruptShards();
        if (corruptShards < 1 || corruptShards > 1024) {
            error("benchmark.corruptShards", "must be within 1..1024 (got " + corruptShards + ")");
        }
        // HRNet's TEST.OKS_THRE 0.9 (both official configs); 0 switches OKS-NMS off
        double oksNms = b.oksNms() == null ? 0.9 : b.oksNms();
        if (!(oksNms >= 0 && oksNms <= 1)) {
            error("benchmark.oksNms", "must be within 0..1, 0 = no OKS-NMS (got " + b.oksNms() + ")");
        }
        return new Benchmark(corruptions, severities, mode, seed, evalShards, corruptShards, oksNms);
    }

    private List<String> corruptions(Object value) {
        String allowed = Corruption.GROUP_NAMES + ", or a list of names and groups: " + allowed(Corruption.values());
        if (value == null) {
            return Corruption.benchmarkSet().stream().map(Corruption::id).toList();
        }
        List<?> items = value instanceof List<?> l ? l
                : value instanceof String s ? Arrays.asList(s.split(",")) : null;
        if (items == null || items.isEmpty()) {
            error("benchmark.corruptions", "must be " + allowed + " (got " + value + ")");
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String id = String.valueOf(items.get(i)).trim();
            var c = Corruption.select(id);
            if (c.isEmpty()) {
                error("benchmark.corruptions[" + i + "]", "unknown corruption '" + id + "' (allowed: " + allowed + ")");
            } else {
                c.get().forEach(x -> out.add(x.id()));
            }
        }
        return List.copyOf(out);
    }

    private List<Integer> severities(Object value) {
        String allowed = "a list or range of " + Corruption.MIN_SEVERITY + ".." + Corruption.MAX_SEVERITY;
        if (value == null) {
            return List.of(1, 2, 3, 4, 5);
        }
        List<Integer> raw = new ArrayList<>();
        if (value instanceof Number n) {
            Integer k = severity("benchmark.severities", n, allowed);
            if (k == null) {
                return List.of();
            }
            raw.add(k);
        } else if (value instanceof String s && RANGE.matcher(s).matches()) {
            Matcher m = RANGE.matcher(s);
            m.matches();
            // bounds first: "1-2147483647" must neither loop nor allocate
            Integer from = severity("benchmark.severities", m.group(1), allowed);
            Integer to = severity("benchmark.severities", m.group(2), allowed);
            if (from == null || to == null) {
                return List.of();
            }
            for (int k = from; k <= to; k++) {
                raw.add(k);
            }
        } else if (value instanceof List<?> l) {
            if (l.size() > 100) {
                error("benchmark.severities", "a list of " + l.size() + " values (allowed: " + allowed + ")");
                return List.of();
            }
            for (int i = 0; i < l.size(); i++) {
                Integer k = l.get(i) instanceof Number n ? severity("benchmark.severities[" + i + "]", n, allowed)
                        : null;
                if (k != null) {
                    raw.add(k);
                } else if (!(l.get(i) instanceof Number)) {
                    error("benchmark.severities[" + i + "]", "must be an integer (allowed: " + allowed + ")");
                }
            }
        } else {
            error("benchmark.severities", "must be " + allowed + " (got " + value + ")");
        }
        if (raw.isEmpty() && errors.stream().noneMatch(e -> e.field().startsWith("benchmark.severities"))) {
            error("benchmark.severities", "empty (allowed: " + allowed + ")");
        }
        return raw.stream().distinct().sorted().toList();
    }

    /** A severity given as a number or digits, within 1..5; null (with the error recorded) otherwise. */
    private Integer severity(String field, Object v, String allowed) {
        String text = String.valueOf(v).trim();
        boolean integral = v instanceof Number n ? n.doubleValue() == Math.rint(n.doubleValue()) : text.matches("\\d+");
        double d = v instanceof Number n ? n.doubleValue() : text.length() > 18 ? Double.POSITIVE_INFINITY
                : integral ? Long.parseLong(text) : Double.NaN;
        if (!integral || d < Corruption.MIN_SEVERITY || d > Corruption.MAX_SEVERITY) {
            error(field, "severity " + (text.length() > 24 ? text.substring(0, 24) + "…" : text)
                    + " out of range (allowed: " + allowed + ")");
            return null;
        }
        return (int) d;
    }

    private List<Model> checkModels(List<Model> models) {
        if (models == null || models.isEmpty()) {
            error("models", "at least one model is required");
            return List.of();
        }
        List<Model> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            String f = "models[" + i + "]";
            Model m = models.get(i);
            if (m == null) {
                error(f, "missing");
                continue;
            }
            String name = m.name();
            if (name == null || !NAME.matcher(name).matches()) {
                error(f + ".name", name == null ? "missing" : "must match " + NAME.pattern() + " (got '" + name + "')");
            } else if (!names.add(name)) {
                error(f + ".name", "duplicate model name '" + name + "'");
            }
            String arch = m.architecture();
            String file = m.file() == null ? null : path(f + ".file", m.file(), true);
            // a descriptor is a JSON file under the data roots, or a preset name
            String descriptor = m.descriptor() == null || m.descriptor().equals("bodypix") ? m.descriptor()
                    : path(f + ".descriptor", m.descriptor(), true);
            if (arch == null && m.file() == null) {
                error(f, "needs an architecture (" + allowed(Architecture.values()) + ") or an imported file");
            }
            String lower = m.file() == null ? "" : m.file().toLowerCase(java.util.Locale.ROOT);
            if (descriptor == null && (lower.endsWith(".onnx") || lower.endsWith(".pt") || lower.endsWith(".torchscript"))) {
                error(f + ".descriptor", "required for an .onnx or TorchScript model: a descriptor JSON (the repository's "
                        + "examples/descriptors/ has the official SimpleBaseline and HRNet exports') or the preset bodypix");
            }
            if (arch != null && m.file() != null) {
                error(f, "give either architecture or file, not both");
            }
            if (arch != null) {
                var a = Architecture.byId(arch);
                if (a.isEmpty()) {
                    error(f + ".architecture", "unknown '" + arch + "' (allowed: " + allowed(Architecture.values()) + ")");
                } else {
                    arch = a.get().id();
                }
            }
            boolean bottomUpArch = arch != null && Architecture.byId(arch).map(Architecture::bottomUp).orElse(false);
            // HigherHRNet's INPUT_SIZE: 512 (w32_512), 640 (w48_640)
            String input = m.input() == null ? bottomUpArch ? "512x512" : "256x192" : m.input();
            Matcher im = INPUT.matcher(input);
            if (!im.matches()) {
                error(f + ".input", "must be HEIGHTxWIDTH, e.g. 256x192 (got '" + input + "')");
            } else {
                int h = Integer.parseInt(im.group(1));
                int w = Integer.parseInt(im.group(2));
                if (h < MIN_INPUT || w < MIN_INPUT || h > MAX_INPUT || w > MAX_INPUT || h % 32 != 0 || w % 32 != 0) {
                    error(f + ".input", "height and width must be multiples of 32 within " + MIN_INPUT + ".."
                            + MAX_INPUT + " (got '" + input + "')");
                } else if (bottomUpArch && h != w) {
                    error(f + ".input", "a bottom-up network takes a square input, e.g. 512x512 (got '" + input + "')");
                }
            }
            if (arch != null && m.training() == null) {
                error(f, "an architecture needs weights: add a training block, or give a checkpoint file instead "
                        + "(file: …safetensors)");
            }
            Training t = m.training() == null ? null : checkTraining(f + ".training", m.training(),
                    arch == null ? null : Architecture.byId(arch).orElse(null), arch != null);
            String device = null;
            if (m.device() != null) {
                try {
                    device = io.robustpose.core.device.DeviceRequest.parse(m.device()).toString();
                } catch (IllegalArgumentException e) {
                    error(f + ".device", e.getMessage());
                }
            }
            ExperimentSpec.Pools pools = m.pools();
            if (pools != null) {
                pool(f + ".pools.train", pools.train());
                pool(f + ".pools.eval", pools.eval());
                if (pools.train() != null && t == null) {
                    error(f + ".pools.train", "the model is not trained here");
                }
                if (pools.eval() != null && !m.evaluated()) {
                    error(f + ".pools.eval", "the model is not evaluated (evaluate: false)");
                }
            }
            out.add(new Model(name, arch, input, file, descriptor, t, m.evaluate(), device, pools));
        }
        if (!out.isEmpty() && out.stream().noneMatch(Model::evaluated)) {
            error("models", "at least one model must be evaluated (evaluate: false on all of them)");
        }
        for (int i = 0; i < out.size(); i++) {
            Training t = out.get(i).training();
            if (t == null) {
                continue;
            }
            String[][] refs = {{"init", t.init()}, {"teacher", t.teacher()}};
            for (String[] r : refs) {
                if (r[1] != null && r[1].startsWith("model:")) {
                    String target = r[1].substring(6);
                    boolean trained = out.stream().anyMatch(m -> m.name() != null && m.name().equals(target)
                            && m.training() != null);
                    if (!trained || target.equals(out.get(i).name())) {
                        error("models[" + i + "].training." + r[0], "'" + r[1] + "' must name another model of this "
                                + "experiment that is trained");
                    }
                }
            }
        }
        return out;
    }

    private Training checkTraining(String f, Training t, Architecture architecture, boolean hasArchitecture) {
        if (!hasArchitecture) {
            error(f, "training needs an architecture");
        }
        String method = t.method() == null ? "standard" : t.method();
        var m = TrainingMethod.byId(method);
        if (m.isEmpty()) {
            error(f + ".method", "unknown '" + method + "' (allowed: " + allowed(TrainingMethod.values()) + ")");
        } else {
            method = m.get().id();
        }
        // an official recipe supplies what the spec leaves out (never a silent default length)
        Recipe recipe = null;
        if (t.recipe() != null) {
            recipe = Recipe.byId(t.recipe()).orElse(null);
            if (recipe == null) {
                error(f + ".recipe", "unknown '" + t.recipe() + "' (allowed: " + allowed(Recipe.values()) + ")");
            } else if (architecture != null && recipe.architecture != architecture) {
                error(f + ".recipe", recipe.id() + " trains " + recipe.architecture.id() + ", not " + architecture.id());
            }
        }
        Integer givenEpochs = t.epochs() != null ? t.epochs() : recipe != null ? Integer.valueOf(recipe.epochs) : null;
        if (givenEpochs == null) {
            error(f + ".epochs", "required (or a recipe: " + allowed(Recipe.values()) + ")");
        }
        int epochs = givenEpochs == null ? 1 : givenEpochs;
        if (epochs < 1 || epochs > 10_000) {
            error(f + ".epochs", "must be within 1..10000 (got " + epochs + ")");
        }
        int batch = t.batch() != null ? t.batch() : recipe != null ? recipe.batchPerDevice : 32;
        if (batch < 1 || batch > 4096) {
            error(f + ".batch", "must be within 1..4096 (got " + batch + ")");
        }
        int accumulate = t.accumulate() != null ? t.accumulate() : recipe != null ? recipe.devices : 1;
        if (accumulate < 1 || accumulate > 256) {
            error(f + ".accumulate", "must be within 1..256 (got " + accumulate + ")");
        } else if (accumulate > batch) {
            error(f + ".accumulate", "must not exceed batch (" + batch + "): each micro-batch needs a sample");
        }
        double lr = t.lr() != null ? t.lr() : recipe != null ? recipe.lr : 1e-3;
        if (!(lr > 0 && lr < 10)) {
            error(f + ".lr", "must be within (0, 10) (got " + lr + ")");
        }
        String init = modelOrPath(f + ".init", t.init());
        String teacher = modelOrPath(f + ".teacher", t.teacher());
        String teacherArch = null;
        if (t.teacherArchitecture() != null) {
            var a = Architecture.byId(t.teacherArchitecture());
            if (a.isEmpty()) {
                error(f + ".teacherArchitecture", "unknown '" + t.teacherArchitecture() + "' (allowed: "
                        + allowed(Architecture.values()) + ")");
            } else if (architecture != null && a.get().bottomUp() != architecture.bottomUp()) {
                error(f + ".teacherArchitecture", "'" + t.teacherArchitecture() + "' is " + (a.get().bottomUp()
                        ? "bottom-up" : "top-down") + " and the model " + architecture.id() + " is not: KD needs "
                        + "the same kind of outputs");
            } else {
                teacherArch = a.get().id();
            }
        }
        var tm = m.orElse(null);
        if (tm != null && tm.usesTeacher() && teacher == null && init == null) {
            error(f + ".teacher", tm.id() + " distils from a teacher: give teacher (or init), a checkpoint or model:NAME");
        }
        if (tm == TrainingMethod.FPD && teacherArch == null) {
            error(f + ".teacherArchitecture", "fpd distils from a stronger network of another architecture: name it");
        }
        String stylized = null;
        if (t.stylizedImages() != null) {
            stylized = path(f + ".stylizedImages", t.stylizedImages(), true, Kind.DIRECTORY);
        } else if (tm != null && tm.usesStylizedSource()) {
            error(f + ".stylizedImages", tm.id() + " trains on a stylized copy of the images as well: give its directory");
        }
        List<Integer> lrSteps = t.lrSteps() != null ? t.lrSteps() : recipe != null && t.epochs() == null
                ? recipe.lrSteps : null;
        if (lrSteps != null) {
            for (int i = 0; i < lrSteps.size(); i++) {
                Integer e = lrSteps.get(i);
                if (e == null || e < 1 || e > epochs) {
                    error(f + ".lrSteps[" + i + "]", "must be an epoch within 1.." + epochs + " (got " + e + ")");
                }
            }
        }
        String loss = t.loss() != null ? t.loss().toLowerCase()
                : recipe != null && recipe.loss == io.robustpose.core.train.LossKind.SMOOTH_L1 ? "smoothl1" : "mse";
        if (!loss.equals("mse") && !loss.equals("smoothl1")) {
            error(f + ".loss", "unknown '" + t.loss() + "' (allowed: mse, smoothl1)");
        }
        // official training validates every epoch (HRNet's train.py); a recipe does too unless told otherwise
        boolean validate = t.validate() != null ? t.validate() : recipe != null;
        double lrFactor = t.lrFactor() != null ? t.lrFactor() : recipe != null ? recipe.lrFactor : 0.1;
        if (!(lrFactor > 0 && lrFactor <= 1)) {
            error(f + ".lrFactor", "must be within (0, 1] (got " + t.lrFactor() + ")");
        }
        ExperimentSpec.Augmentation a = t.augmentation();
        if (a != null) {
            if (a.scale() != null && !(a.scale() >= 0 && a.scale() < 1)) {
                error(f + ".augmentation.scale", "must be within [0, 1) (got " + a.scale() + ")");
            }
            if (a.rotation() != null && !(a.rotation() >= 0 && a.rotation() <= 180)) {
                error(f + ".augmentation.rotation", "must be within 0..180 degrees (got " + a.rotation() + ")");
            }
            if (a.halfBody() != null && !(a.halfBody() >= 0 && a.halfBody() <= 1)) {
                error(f + ".augmentation.halfBody", "must be a probability within 0..1 (got " + a.halfBody() + ")");
            }
        }
        return new Training(method, epochs, batch, lr, init, teacher, t.seed() == null ? 1L : t.seed(), teacherArch,
                stylized, lrSteps, loss, recipe == null ? null : recipe.id(), accumulate, validate, lrFactor, a);
    }

    /** A checkpoint path under the data roots, or "model:NAME" (checked against the models afterwards). */
    private String modelOrPath(String field, String value) {
        if (value == null) {
            return null;
        }
        return value.startsWith("model:") ? value : path(field, value, true);
    }

    private Report checkReport(Report r) {
        List<String> formats = r == null || r.formats() == null ? List.of("html", "md", "json") : r.formats();
        for (int i = 0; i < formats.size(); i++) {
            if (!REPORT_FORMATS.contains(formats.get(i))) {
                error("report.formats[" + i + "]", "unknown '" + formats.get(i) + "' (allowed: "
                        + String.join(", ", REPORT_FORMATS) + ")");
            }
        }
        int samples = r == null || r.sampleImages() == null ? 4 : r.sampleImages();
        if (samples < 0 || samples > 100) {
            error("report.sampleImages", "must be within 0..100 (got " + samples + ")");
        }
        return new Report(formats, samples);
    }

    private static String allowed(Identified[] values) {
        return Arrays.stream(values).map(Identified::id).collect(Collectors.joining(", "));
    }

}
