package io.robustpose.deploy;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChartLintTest {
    @Test
    void helmLintStrictIsClean() {
        LintResult lint = Chart.lint();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        // the one remark left: no icon (the project has none to point at)
        assertThat(lint.getMessages()).allSatisfy(m -> assertThat(m).isEqualTo("[INFO] Chart.yaml: icon is recommended"));
    }
}
