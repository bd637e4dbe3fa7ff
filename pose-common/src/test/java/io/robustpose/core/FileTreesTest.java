package io.robustpose.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path tmp;

    private Path tree() throws IOException {
        Path root = tmp.resolve("run");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/model.safetensors"), "w");
        Files.writeString(root.resolve("a/log.txt"), "l");
        Files.createDirectories(root.resolve("empty"));
        return root;
    }

    @Test
    void deletesATreeAndToleratesItsAbsence() throws IOException {
        Path root = tree();
        FileTrees.delete(root);
        assertThat(root).doesNotExist();
        assertThat(tmp).exists();
        FileTrees.delete(root);
    }

    @Test
    void deletesTheContentsOnly() throws IOException {
        Path root = tree();
        FileTrees.deleteContents(root);
        assertThat(root).isEmptyDirectory();
        FileTrees.deleteContents(tmp.resolve("absent"));
    }
}
