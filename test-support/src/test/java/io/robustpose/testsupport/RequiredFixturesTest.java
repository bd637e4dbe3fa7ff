package io.robustpose.testsupport;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequiredFixturesTest {

    @Test
    void aMissingSharedFixtureFailsOnlyWhenRequired() {
        TestAbortedException absent = new TestAbortedException("../shared is absent: skipping the CLI reference checks");
        Throwable failed = RequiredFixtures.convert(absent, "1");
        assertInstanceOf(AssertionError.class, failed);
        assertTrue(failed.getMessage().contains("ROBUSTPOSE_REQUIRE_FIXTURES=1"));
        assertSame(absent, RequiredFixtures.convert(absent, null), "local runs keep skipping");
        assertInstanceOf(AssertionError.class,
                RequiredFixtures.convert(new TestAbortedException("chromium not found on the PATH"), "1"));
    }

    @Test
    void otherSkipsAndFailuresPassThrough() {
        TestAbortedException gpu = new TestAbortedException("no GPU here");
        assertSame(gpu, RequiredFixtures.convert(gpu, "1"));
        IllegalStateException error = new IllegalStateException("../shared broken");
        assertSame(error, RequiredFixtures.convert(error, "1"));
    }
}
