package io.robustpose.workflow.message;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names one robustpose installation uses on a Kafka cluster: its topics, consumer groups and the
 * orchestrator's transactional id, all derived from one prefix so that several installations (teams,
 * staging and production) share a cluster without seeing each other's records. The default prefix
 * {@value #DEFAULT_PREFIX} gives the names robustpose always had ({@code robustpose.tasks.eval},
 * {@code robustpose-eval-workers}, {@code robustpose-orchestrator}).
 */
public record TopicNames(String prefix) {
    // Kafka's legal topic characters; the longest suffix (".experiment-control", 19) must fit in 249
    // (declared before DEFAULT: static fields initialise in order)
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern POOL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");

    public static final String DEFAULT_PREFIX = "robustpose";
    public static final TopicNames DEFAULT = new TopicNames(DEFAULT_PREFIX);

    public TopicNames {
        if (prefix == null || !LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Kafka prefix '" + prefix + "': must be 1-100 characters of letters, "
                    + "digits, '.', '_' and '-', starting with a letter or digit (it begins every topic, group "
                    + "and transactional id of this installation)");
        }
    }

    public String topic(Topic topic) {
        return prefix + "." + topic.suffix();
    }

    /** The topic a record came from, if it is one of this installation's. */
    public Optional<Topic> topicOf(String name) {
        return Arrays.stream(Topic.values()).filter(t -> topic(t).equals(name)).findFirst();
    }

    /** The consumer group of the worker pool that executes tasks of this type. */
    public String workerGroup(TaskType type) {
        return prefix + "-" + type.wireName() + "-workers";
    }

    /** Whether {@code name} can name a pool: a DNS label of at most 40 characters. */
    public static boolean validPool(String name) {
        return name != null && POOL.matcher(name).matches();
    }

    /**
     * The task topic of {@code type} for the pool {@code pool}: the type's shared topic when {@code pool} is null,
     * else its own ({@code <prefix>.tasks.<type>.<pool>}), with the shared topic's partitions and settings, read
     * only by that pool's workers — the routing of tasks to pools.
     */
    public String taskTopic(TaskType type, String pool) {
        return pool == null ? topic(Topic.forTasks(type)) : topic(Topic.forTasks(type)) + "." + checkedPool(pool);
    }

    /** The consumer group of the workers of {@code pool} for {@code type} (the shared group when null). */
    public String workerGroup(TaskType type, String pool) {
        return pool == null ? workerGroup(type) : prefix + "-" + type.wireName() + "-" + checkedPool(pool) + "-workers";
    }

    private static String checkedPool(String pool) {
        if (!validPool(pool)) {
            throw new IllegalArgumentException("worker pool '" + pool + "': 1-40 lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit");
        }
        return pool;
    }

    public String orchestratorGroup() {
        return prefix + "-orchestrator";
    }

    /** The orchestrator's transactional id unless configured otherwise: a restarted instance fences the old one. */
    public String orchestratorTransactionalId() {
        return prefix + "-orchestrator";
    }
}
