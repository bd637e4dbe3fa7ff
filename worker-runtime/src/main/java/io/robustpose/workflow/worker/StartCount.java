package io.robustpose.workflow.worker;

import io.robustpose.workflow.message.ArtifactLayout;
import io.robustpose.workflow.message.Json;
import io.robustpose.workflow.message.Task;

import java.io.IOException;

/**
 * How often deliveries of a task started, and how many of those let go of it cleanly (shutdown,
 * revocation, cancellation), kept durably in the artifact store beside the completion marker. A
 * start that neither finished nor let go means its worker died during the task; a task that does
 * that every time is a poison task.
 */
record StartCount(int starts, int releases) {

    int unfinished() {
        return starts - releases;
    }

    StartCount started() {
        return new StartCount(starts + 1, releases);
    }

    StartCount released() {
        return new StartCount(starts, releases + 1);
    }

    static String path(Task task) {
        return ArtifactLayout.runDir(task.experimentId()) + "/tasks/" + task.taskId() + ".starts.json";
    }

    static StartCount read(ArtifactStore store, Task task) throws IOException {
        String p = path(task);
        if (!store.exists(p)) {
            return new StartCount(0, 0);
        }
        try {
            return Json.MAPPER.readValue(store.resolve(p).toFile(), StartCount.class);
        } catch (IOException e) {
            return new StartCount(0, 0); // a torn file cannot happen (atomic writes); unreadable: start over
        }
    }

    void write(ArtifactStore store, Task task) throws IOException {
        store.writeAtomically(path(task), Json.encode(this));
    }
}
