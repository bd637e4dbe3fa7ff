package io.robustpose.workflow.worker;

/**
 * A task that cannot succeed by running again (bad data, bad parameters): the worker reports it
 * failed permanently and the orchestrator does not retry it. Handlers may throw it; an
 * {@link IllegalArgumentException} is treated the same way.
 */
public class PermanentTaskException extends RuntimeException {
    public PermanentTaskException(String message) {
        super(message);
    }

    public PermanentTaskException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether running the task again cannot help. */
    public static boolean isPermanent(Throwable e) {
        return e instanceof PermanentTaskException || e instanceof IllegalArgumentException;
    }
}
