package io.robustpose.orchestrator;

import io.robustpose.workflow.message.ArtifactLayout;
import io.robustpose.workflow.message.ExperimentStatus;
import io.robustpose.workflow.message.TaskStatus;
import io.robustpose.workflow.message.TaskType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An experiment's files as the API serves them: its report in each format, and any file under its own
 * directories of the artifact store ({@link ArtifactLayout#experimentDirs}) — never anything else.
 */
final class ExperimentFiles {
    /** Report formats: the query value (the name), the report task's result key; served with {@link #mediaType}. */
    enum ReportFormat {
        HTML("html"),
        MD("markdown"),
        JSON("json"),
        CSV("csv"),
        LONG_CSV("csv_long");

        final String resultKey;

        ReportFormat(String resultKey) {
            this.resultKey = resultKey;
        }

        String wireName() {
            return name().toLowerCase().replace('_', '-');
        }

        static Optional<ReportFormat> parse(String s) {
            for (ReportFormat f : values()) {
                if (f.wireName().equals(s)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }

        static List<String> names() {
            return java.util.Arrays.stream(values()).map(ReportFormat::wireName).toList();
        }
    }

    /** A request the API refuses, with its status code and message. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Path root;

    ExperimentFiles(Path artifactRoot) {
        this.root = artifactRoot.toAbsolutePath().normalize();
    }

    /** The report file of a finished report task, in one format. */
    Path report(ExperimentStatus s, ReportFormat format) throws Refused {
        TaskStatus report = s.tasks().values().stream().filter(t -> t.type() == TaskType.REPORT).findFirst()
                .orElseThrow(() -> new Refused(404, "experiment '" + s.experimentId() + "' has no report task"));
        if (report.state() != TaskStatus.State.SUCCEEDED || report.results() == null) {
            throw new Refused(409, "the report of '" + s.experimentId() + "' is not written yet (report task "
                    + report.state().name().toLowerCase() + ", experiment " + s.state().name().toLowerCase() + ")");
        }
        String file = report.results().get(format.resultKey);
        if (file == null) {
            throw new Refused(404, "the report of '" + s.experimentId() + "' has no " + format.wireName()
                    + " version (the spec's report.formats left it out)");
        }
        return existing(s.experimentId(), file);
    }

    /**
     * A file or directory of the experiment, by its artifact-store path as task results name it
     * ({@code runs/<id>/...}, {@code reports/<id>/...}).
     */
    Path artifact(String experimentId, String path) throws Refused {
        if (path == null || path.isBlank()) {
            throw new Refused(400, "artifact path: empty (use one of " + ArtifactLayout.experimentDirs(experimentId) + ")");
        }
        if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0
                || List.of(path.split("/")).contains("..")) {
            throw new Refused(400, "artifact path '" + path + "': must be relative, without '..' (it stays within "
                    + ArtifactLayout.experimentDirs(experimentId) + ")");
        }
        return existing(experimentId, path);
    }

    private Path existing(String experimentId, String relative) throws Refused {
        Path p = root.resolve(relative).normalize();
        boolean inside = ArtifactLayout.experimentDirs(experimentId).stream()
                .map(d -> root.resolve(d).normalize()).anyMatch(p::startsWith);
        if (!inside) {
            throw new Refused(400, "artifact path '" + relative + "' is not under the experiment's directories "
                    + ArtifactLayout.experimentDirs(experimentId));
        }
        if (!Files.exists(p)) {
            throw new Refused(404, "no artifact '" + relative + "'");
        }
        try {
            // a symbolic link must not lead out of the store
            if (!p.toRealPath().startsWith(root.toRealPath())) {
                throw new Refused(400, "artifact path '" + relative + "' leads out of the artifact store");
            }
        } catch (IOException e) {
            throw new Refused(404, "no artifact '" + relative + "': " + e.getMessage());
        }
        return p;
    }

    /** A directory's entries: name, whether a directory, size in bytes. */
    static List<Map<String, Object>> listing(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.sorted().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.getFileName().toString());
                m.put("directory", Files.isDirectory(e));
                try {
                    m.put("size", Files.isDirectory(e) ? 0L : Files.size(e));
                } catch (IOException ex) {
                    m.put("size", -1L);
                }
                return m;
            }).toList();
        }
    }

    static String mediaType(Path file) {
        String n = file.getFileName().toString().toLowerCase();
        int dot = n.lastIndexOf('.');
        return switch (dot < 0 ? "" : n.substring(dot + 1)) {
            case "json" -> "application/json";
            case "html" -> "text/html; charset=utf-8";
            case "md" -> "text/markdown; charset=utf-8";
            case "csv" -> "text/csv; charset=utf-8";
            case "txt", "log" -> "text/plain; charset=utf-8";
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            default -> "application/octet-stream";
        };
    }
}
