package io.robustpose.core.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** File names from annotation files stay inside the directory they are resolved against. */
class ImageFileNamesTest {

    @Test
    void relativeNamesResolveEscapingOnesAreRefused() {
        Path dir = Path.of("/data/coco/val2017");
        assertThat(AnnotatedImageFiles.resolve(dir, "000001.jpg")).isEqualTo(dir.resolve("000001.jpg"));
        assertThat(AnnotatedImageFiles.resolve(dir, "sub/./a.jpg")).isEqualTo(dir.resolve("sub/a.jpg"));
        assertThat(AnnotatedImageFiles.resolve(dir, "sub/../a.jpg")).isEqualTo(dir.resolve("a.jpg"));
        assertThatThrownBy(() -> AnnotatedImageFiles.resolve(dir, "../../../etc/passwd"))
                .hasMessageContaining("leaves the image directory").hasMessageContaining("../../../etc/passwd");
        assertThatThrownBy(() -> AnnotatedImageFiles.resolve(dir, "/etc/passwd")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> AnnotatedImageFiles.resolve(dir, "a\0b.jpg")).hasMessageContaining("not a path");
        assertThatThrownBy(() -> AnnotatedImageFiles.resolve(dir, "")).hasMessageContaining("empty");
    }
}
