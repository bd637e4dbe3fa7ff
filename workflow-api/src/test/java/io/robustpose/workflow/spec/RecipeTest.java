package io.robustpose.workflow.spec;

import io.robustpose.core.model.Architecture;
import io.robustpose.core.train.LossKind;
import io.robustpose.core.train.Recipe;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every preset equals the official configuration it mirrors, value by value, with the file and line
 * (AdvMix: AIprogrammer/AdvMix; HRNet COCO: leoxiaobin/deep-high-resolution-net.pytorch). Values the
 * yaml leaves out come from the repository's {@code lib/config/default.py} (PROB_HALF_BODY 0.0,
 * NUM_JOINTS_HALF_BODY 8); PROB_HALF_BODY -1.0 in the MPII files means never.
 */
class RecipeTest {

    @Test
    void res50CocoIsTheAdvMixConfig() {
        // experiments/coco/resnet/res50_256x192_d256x3_adam_lr1e-3_advmix.yaml
        Recipe r = Recipe.OFFICIAL_RES50_COCO;
        assertThat(r.architecture).isEqualTo(Architecture.SIMPLEBASELINE_RESNET50); // l.23 NAME pose_resnet, l.46 NUM_LAYERS 50
        assertThat(List.of(r.inputWidth, r.inputHeight)).isEqualTo(List.of(192, 256)); // l.25-27 IMAGE_SIZE [192, 256]
        assertThat(r.colorRgb).isFalse(); // l.14 COLOR_RGB false
        assertThat(r.flip).isTrue(); // l.19 FLIP true
        assertThat(r.rotationFactor).isEqualTo(40); // l.20 ROT_FACTOR 40
        assertThat(r.scaleFactor).isEqualTo(0.3); // l.21 SCALE_FACTOR 0.3
        assertThat(r.halfBodyProbability).isEqualTo(0.0); // default.py l.69 PROB_HALF_BODY 0.0
        assertThat(r.batchPerDevice).isEqualTo(32); // l.50 BATCH_SIZE_PER_GPU 32
        assertThat(r.devices).isEqualTo(8); // l.7 GPUS (0,...,7)
        assertThat(r.epochs).isEqualTo(140); // l.53 END_EPOCH 140
        assertThat(r.lr).isEqualTo(0.001); // l.55 LR 0.001
        assertThat(r.lrFactor).isEqualTo(0.1); // l.56 LR_FACTOR 0.1
        assertThat(r.lrSteps).isEqualTo(List.of(90, 120)); // l.57-59 LR_STEP [90, 120]
        assertThat(r.loss).isEqualTo(LossKind.SMOOTH_L1); // tools/train.py l.111 JointsMSELoss(smooth_L1=False) -> SmoothL1Loss
    }

    @Test
    void res50MpiiIsTheAdvMixConfig() {
        // experiments/mpii/resnet/res50_256x256_d256x3_adam_lr1e-3_advmix.yaml
        Recipe r = Recipe.OFFICIAL_RES50_MPII;
        assertThat(r.colorRgb).isFalse(); // l.14
        assertThat(r.flip).isTrue(); // l.17
        assertThat(r.halfBodyMinJoints).isEqualTo(8); // l.18
        assertThat(r.halfBodyProbability).isEqualTo(0.0); // l.19 PROB_HALF_BODY -1.0: never
        assertThat(r.rotationFactor).isEqualTo(30); // l.21
        assertThat(r.scaleFactor).isEqualTo(0.25); // l.22
        assertThat(List.of(r.inputWidth, r.inputHeight)).isEqualTo(List.of(256, 256)); // l.28-30
        assertThat(r.batchPerDevice).isEqualTo(32); // l.53
        assertThat(r.epochs).isEqualTo(140); // l.56
        assertThat(r.lr).isEqualTo(0.001); // l.58
        assertThat(r.lrFactor).isEqualTo(0.1); // l.59
        assertThat(r.lrSteps).isEqualTo(List.of(90, 120)); // l.60-62
        assertThat(r.devices).isEqualTo(8); // l.7
    }

    @Test
    void hrnetW32MpiiIsTheAdvMixConfig() {
        // experiments/mpii/hrnet/w32_256x256_adam_lr1e-3_advmix.yaml
        Recipe r = Recipe.OFFICIAL_HRNET_W32_MPII;
        assertThat(r.architecture).isEqualTo(Architecture.HRNET_W32);
        assertThat(r.devices).isEqualTo(8); // l.7
        assertThat(r.colorRgb).isTrue(); // l.14 COLOR_RGB true
        assertThat(r.halfBodyProbability).isEqualTo(0.0); // l.19 -1.0: never
        assertThat(r.rotationFactor).isEqualTo(30); // l.21
        assertThat(r.scaleFactor).isEqualTo(0.25); // l.22
        assertThat(List.of(r.inputWidth, r.inputHeight)).isEqualTo(List.of(256, 256)); // l.31-33
        assertThat(r.batchPerDevice).isEqualTo(32); // l.94
        assertThat(r.epochs).isEqualTo(210); // l.97
        assertThat(r.lr).isEqualTo(0.001); // l.99
        assertThat(r.lrFactor).isEqualTo(0.1); // l.100
        assertThat(r.lrSteps).isEqualTo(List.of(170, 200)); // l.101-103
    }

    @Test
    void hrnetW32CocoIsHrnetsConfig() {
        // leoxiaobin/deep-high-resolution-net.pytorch experiments/coco/hrnet/w32_256x192_adam_lr1e-3.yaml
        Recipe r = Recipe.OFFICIAL_HRNET_W32_COCO;
        assertThat(r.devices).isEqualTo(4); // l.7 GPUS (0,1,2,3)
        assertThat(r.colorRgb).isTrue(); // l.14
        assertThat(r.flip).isTrue(); // l.17
        assertThat(r.halfBodyMinJoints).isEqualTo(8); // l.18
        assertThat(r.halfBodyProbability).isEqualTo(0.3); // l.19
        assertThat(r.rotationFactor).isEqualTo(45); // l.21
        assertThat(r.scaleFactor).isEqualTo(0.35); // l.22
        assertThat(List.of(r.inputWidth, r.inputHeight)).isEqualTo(List.of(192, 256)); // l.31-33
        assertThat(r.batchPerDevice).isEqualTo(32); // TRAIN.BATCH_SIZE_PER_GPU 32
        assertThat(r.epochs).isEqualTo(210); // END_EPOCH 210
        assertThat(r.lrSteps).isEqualTo(List.of(170, 200)); // LR_STEP [170, 200]
        assertThat(r.loss).isEqualTo(LossKind.MSE); // HRNet's lib/core/loss.py JointsMSELoss: nn.MSELoss
    }

    /** The learning rate per epoch is PyTorch MultiStepLR's (gamma 0.1) for the official milestones. */
    @Test
    void theLearningRatePerEpochIsMultiStepLrs() {
        for (Recipe r : Recipe.values()) {
            for (int epoch = 0; epoch < r.epochs; epoch++) {
                int passed = 0;
                for (int m : r.lrSteps) {
                    passed += m <= epoch ? 1 : 0;
                }
                assertThat(r.lrAt(epoch)).as(r.id() + " epoch " + epoch).isCloseTo(r.lr * Math.pow(r.lrFactor, passed),
                        org.assertj.core.data.Offset.offset(1e-15));
            }
        }
        assertThat(Recipe.OFFICIAL_RES50_COCO.lrAt(89)).isEqualTo(1e-3);
        assertThat(Recipe.OFFICIAL_RES50_COCO.lrAt(90)).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-18));
        assertThat(Recipe.OFFICIAL_RES50_COCO.lrAt(120)).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-18));
    }
}
