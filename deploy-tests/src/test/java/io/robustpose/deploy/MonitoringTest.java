package io.robustpose.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.robustpose.deploy.Manifests.list;
import static io.robustpose.deploy.Manifests.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and the alert rules, statically: well-formed, the panels the issue asks for, and the pending
 * metric list is exact. Whether the names exist on a running service is MetricNamesIT's job (integration-tests).
 */
class MonitoringTest {
    static JsonNode dashboard;
    static Set<String> pending;
    static Set<String> external;
    static List<String> ruleExprs = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        dashboard = new ObjectMapper().readTree(Chart.DIR.resolve("dashboards/robustpose.json").toFile());
        pending = PromQl.pending(Chart.DIR.resolve("dashboards/pending-metrics.txt"));
        external = PromQl.pending(Chart.DIR.resolve("dashboards/external-metrics.txt"));
        GenericKubernetesResource rule = Chart.render("values-gpu.yaml").generic("PrometheusRule").get(0);
        for (var g : list(spec(rule).get("groups"))) {
            for (var a : list(g.get("rules"))) {
                ruleExprs.add((String) a.get("expr"));
            }
        }
    }

    /** Every PromQL query of the dashboard: panel targets and templating queries. */
    static List<String> dashboardQueries() {
        List<String> out = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> out.add(e.asText()));
        for (JsonNode v : dashboard.at("/templating/list")) {
            if (v.path("type").asText().equals("query")) {
                out.add(v.at("/query/query").asText());
            }
        }
        return out;
    }

    static Set<String> names(List<String> exprs) {
        Set<String> s = new TreeSet<>();
        exprs.forEach(e -> s.addAll(PromQl.metricNames(e)));
        return s;
    }

    @Test
    void theExtractorFindsMetricNamesAndNothingElse() {
        assertThat(PromQl.metricNames("sum by (pool, type) (rate(robustpose_tasks_total{namespace=\"$namespace\", "
                + "outcome=~\"completed|failed\"}[$__rate_interval])) / on (type) group_left max(jvm_x)"))
                .containsExactly("jvm_x", "robustpose_tasks_total");
        assertThat(PromQl.metricNames("absent(a_total{namespace=\"{{ .Release.Namespace }}\"}) and b offset 5m > 1e-9 unless c bool"))
                .containsExactly("a_total", "b", "c");
        assertThat(PromQl.metricNames("label_values(robustpose_tasks_total{namespace=\"$namespace\"}, pool)"))
                .containsExactly("robustpose_tasks_total");
        assertThat(PromQl.metricNames("deriv(sum by (namespace) (robustpose_queue_lag)[15m:1m]) > 0"))
                .containsExactly("robustpose_queue_lag");
    }

    @Test
    void theDashboardHasThePanelsTheIssueAsksFor() {
        List<String> titles = dashboard.findValues("title").stream().map(JsonNode::asText).toList();
        assertThat(titles).contains("Experiments in flight", "Experiments finished", "Task throughput per pool",
                "Task duration per pool", "Queue lag per pool", "Images per second by worker type",
                "Training loss per experiment", "Training step time per experiment", "Eval AP as results arrive",
                "Failure rate by task type");
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            panel.get("targets").forEach(t -> assertThat(t.path("expr").asText()).as(panel.get("title").asText()).isNotBlank());
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
        }
        // panel ids unique, nothing overlaps the 24-column grid
        List<Integer> ids = dashboard.get("panels").findValues("id").stream().map(JsonNode::asInt).toList();
        assertThat(ids).doesNotHaveDuplicates();
        dashboard.get("panels").forEach(p -> assertThat(p.at("/gridPos/x").asInt() + p.at("/gridPos/w").asInt()).isLessThanOrEqualTo(24));
    }

    @Test
    void queriesUseServiceMeterNamesAndThePendingListIsExact() {
        Set<String> dash = names(dashboardQueries());
        Set<String> rules = names(ruleExprs);
        assertThat(dash).contains("robustpose_experiments", "robustpose_tasks_total", "robustpose_task_duration_seconds_sum",
                "robustpose_task_duration_seconds_count", "robustpose_queue_lag", "robustpose_images_processed_total");
        Set<String> all = new TreeSet<>(dash);
        all.addAll(rules);
        // other exporters' names (NVIDIA DCGM) are listed, used by panels only, never by an alert
        assertThat(external).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("DCGM_FI_"));
        assertThat(dash).containsAll(external);
        assertThat(rules).doesNotContainAnyElementsOf(external);
        all.removeAll(external);
        // Micrometer names of the services: the project's meters and the Quarkus/JVM standard ones
        assertThat(all).allSatisfy(n -> assertThat(n).matches("(robustpose|jvm|process|http_server)_[a-z0-9_]+"));
        // every pending name is still used by a panel, none by an alert (an alert on a missing metric never fires)
        assertThat(pending).allSatisfy(n -> assertThat(n).startsWith("robustpose_"));
        assertThat(pending).allSatisfy(n -> assertThat(dash).contains(n));
        assertThat(pending).allSatisfy(n -> assertThat(rules).doesNotContain(n));
    }
}
