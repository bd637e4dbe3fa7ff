package io.robustpose.core.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustpose.core.train.Recipe;
import org.junit.jupiter.api.Test;

/** Overrides of a recipe's augmentation (spec training.augmentation, train --rotation …) change only what is given. */
class AugmentationConfigTest {

    @Test
    void overridesChangeOnlyTheGivenFields() {
        AugmentationConfig base = AugmentationConfig.of(Recipe.byId("official-res50-coco").orElseThrow());
        AugmentationConfig changed = base.with(null, 45.0, null, 0.3);
        assertThat(changed.rotationFactor()).isEqualTo(45.0);
        assertThat(changed.halfBodyProbability()).isEqualTo(0.3);
        assertThat(changed.scaleFactor()).isEqualTo(base.scaleFactor());
        assertThat(changed.flip()).isEqualTo(base.flip());
        assertThat(changed.rotationProbability()).isEqualTo(base.rotationProbability());
        assertThat(changed.halfBodyMinJoints()).isEqualTo(base.halfBodyMinJoints());
        assertThat(base.with(null, null, false, null).flip()).isFalse();
        assertThat(base.with(null, null, null, null)).isEqualTo(base);
        assertThatThrownBy(() -> base.with(1.5, null, null, null)).hasMessageContaining("scaleFactor");
    }
}
