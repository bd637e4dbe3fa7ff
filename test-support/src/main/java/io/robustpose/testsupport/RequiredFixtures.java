package io.robustpose.testsupport;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Turns "fixture absent → skipped" into a failure where the fixtures must be there. Locally a test whose reference
 * data ({@code ../shared}) or browser is missing is skipped with a message saying so; with
 * {@code ROBUSTPOSE_REQUIRE_FIXTURES=1} in the environment (what {@code .ci/run} exports) such a skip fails the test
 * instead, so a CI without {@code ../shared} cannot go green with the science untested. Skips for other reasons (no
 * GPU, a benchmark switched off) stay skips. Registered for every test module through {@code ServiceLoader}
 * (JUnit's extension auto-detection, switched on in the parent pom).
 */
public final class RequiredFixtures implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** The environment variable that makes missing fixtures fail. */
    public static final String VARIABLE = "ROBUSTPOSE_REQUIRE_FIXTURES";

    /** Words of the skip messages of required fixtures: the shared reference directory and the report's browser. */
    private static final String[] REQUIRED = {"shared", "chromium"};

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw convert(t);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw convert(t);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw convert(t);
    }

    static Throwable convert(Throwable t) {
        return convert(t, System.getenv(VARIABLE));
    }

    static Throwable convert(Throwable t, String setting) {
        if (!(t instanceof TestAbortedException) || !"1".equals(setting) || !isRequiredFixture(t.getMessage())) {
            return t;
        }
        AssertionError e = new AssertionError("a required fixture is missing (" + VARIABLE + "=1): " + t.getMessage());
        e.initCause(t);
        return e;
    }

    static boolean isRequiredFixture(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        for (String word : REQUIRED) {
            if (m.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
