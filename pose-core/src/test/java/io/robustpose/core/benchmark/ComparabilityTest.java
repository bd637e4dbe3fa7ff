package io.robustpose.core.benchmark;

import io.robustpose.core.corruption.Corruption;
import io.robustpose.core.eval.robustness.ModelMetrics;
import io.robustpose.core.report.HtmlReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ComparabilityTest {

    private static ModelMetrics model(String name, Map<String, String> provenance, Corruption... corruptions) {
        ModelMetrics m = new ModelMetrics(name).clean(0.7).provenance(provenance);
        for (Corruption c : corruptions) {
            m.put(c, 1, 0.5);
        }
        return m;
    }

    @Test
    void eachSettingThatDepartsFromThePaperIsNamedOnce() {
        Map<String, String> cli = Map.of("boxes", "ground truth", "corruptions", "on the fly, seed 1",
                "frost_textures", "procedural (not the official frost images)");
        List<String> w = Comparability.warnings("coco", List.of(model("a", cli, Corruption.FROST),
                model("b", cli, Corruption.FROST)));
        assertThat(w).hasSize(3);
        assertThat(w.get(0)).startsWith("Person boxes are the ground truth");
        assertThat(w.get(1)).contains("without the JPEG re-save");
        assertThat(w.get(2)).startsWith("Frost used procedural textures");
        // the services' wording of the mode
        assertThat(Comparability.warnings("coco", List.of(model("s", Map.of("corruptions", "on-the-fly, seed 1",
                "boxes", "dets.json (sha256 12ab)"))))).singleElement().asString().contains("JPEG re-save");
    }

    @Test
    void whatThePaperDidItselfIsNotWarnedAbout() {
        // OCHuman is evaluated on ground-truth boxes; materialized corruptions; official frost; frost not evaluated
        assertThat(Comparability.warnings("ochuman", List.of(model("a", Map.of("boxes", "ground truth",
                "corruptions", "materialized tree /x"), Corruption.FROST)))).isEmpty();
        assertThat(Comparability.warnings("coco", List.of(model("a", Map.of("boxes", "dets.json (sha256 12ab)",
                "corruptions", "on the fly, seed 1", "frost_textures", "official images from /f"), Corruption.FROST))))
                .singleElement().asString().contains("JPEG");
        assertThat(Comparability.warnings("coco", List.of(model("a", Map.of("boxes", "d.json", "corruptions",
                "on the fly, seed 1", "frost_textures", "procedural"), Corruption.FOG)))).hasSize(1);
        assertThat(Comparability.markdown(List.of())).isEmpty();
    }

    @Test
    void theReportsShowTheWarningsAboveTheTables() {
        List<String> w = List.of("Person boxes are the ground truth: <detector>");
        String md = Comparability.markdown(w);
        assertThat(md).contains("## Not comparable with the paper").contains("- Person boxes are the ground truth");
        ModelMetrics m = model("m", Map.of(), Corruption.FOG);
        String html = HtmlReport.builder().title("t").metric("AP").models(List.of(m)).warnings(w).build().html();
        assertThat(html).contains("<section id=\"comparability\" class=\"warn\">")
                .contains("Person boxes are the ground truth: &lt;detector&gt;");
        assertThat(html.indexOf("id=\"comparability\"")).isLessThan(html.indexOf("id=\"summary\""));
        assertThat(HtmlReport.builder().title("t").metric("AP").models(List.of(m)).build().html())
                .doesNotContain("id=\"comparability\"");
    }
}
