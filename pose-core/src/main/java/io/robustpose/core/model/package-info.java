/**
 * The official top-down pose networks of leoxiaobin/deep-high-resolution-net.pytorch as DJL
 * blocks (PyTorch engine): SimpleBaseline-ResNet-18/50/101/152 and HRNet-W32/W48.
 *
 * <ul>
 *   <li>{@link io.robustpose.core.model.PoseNetworks#build} / {@code create} make a
 *       {@link io.robustpose.core.model.PoseNet} for an {@link io.robustpose.core.model.Architecture},
 *       a joint count (17 COCO, 16 MPII) and an input size (256×192, 384×288, 256×256, ...);
 *       input {@code [N,3,H,W]}, output {@code [N,K,H/4,W/4]} heatmaps.</li>
 *   <li>{@link io.robustpose.core.model.PoseNet#stateDict()} maps every official PyTorch
 *       state_dict key onto the DJL parameters (the transposed convolutions, which DJL's PyTorch
 *       engine lacks, are libtorch's own through a bundled TorchScript kernel, or emulated by 2×2 phase
 *       convolutions: {@link io.robustpose.core.model.DeconvMethod}).</li>
 *   <li>{@link io.robustpose.core.model.WeightImporter} loads safetensors files keyed by official
 *       names (F32/F16/BF16/F64) and the parity fixtures' formula weights
 *       ({@link io.robustpose.core.model.WeightFormula}).</li>
 *   <li>{@link io.robustpose.core.model.Checkpoints}: this project's checkpoints, official-key
 *       safetensors with metadata, loadable by the official PyTorch code as well.</li>
 *   <li>{@link io.robustpose.core.model.InferenceBenchmark}: images/second of a network.</li>
 * </ul>
 *
 * <p>Parity with the official models is tested against the shared reference/models fixtures
 * (OfficialParityTest).
 */
package io.robustpose.core.model;
