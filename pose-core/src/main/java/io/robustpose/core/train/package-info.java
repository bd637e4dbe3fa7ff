/**
 * Training: standard top-down training and AdvMix (Wang et al., CVPR 2021) with its ablations, on
 * DJL's PyTorch engine, framework-free.
 *
 * <h2>Entry points</h2>
 * <ul>
 * <li>{@link io.robustpose.core.train.Trainer#train(TrainingConfig, io.robustpose.core.train.data.TrainingData,
 * ProgressListener)} — runs (or resumes) a training; the {@link io.robustpose.core.train.TrainingResult#model()}
 * it returns is loadable by {@code io.robustpose.core.model.Checkpoints.load}. For a stoppable run:
 * {@code new Trainer(config)}, {@code train(data, listener, validationHook)} on one thread,
 * {@code requestStop()} (or an interrupt) from another: a checkpoint is written and the run returns.</li>
 * <li>{@link io.robustpose.core.train.TrainingConfig#builder} — method, architecture, input, epochs, batch,
 * lr, seed, init / teacher checkpoints, output directory, checkpoint interval, …</li>
 * <li>{@link io.robustpose.core.train.data.TrainingData#coco} / {@link io.robustpose.core.train.data.TrainingData#mpii}
 * — persons selected as HRNet selects them (COCO and OCHuman through {@code coco}).</li>
 * <li>{@link io.robustpose.core.train.CocoValidation} — validation AP hook;
 * {@link io.robustpose.core.train.TrainBenchmark#run} — training step time.</li>
 * </ul>
 *
 * <h2>Faithfulness and documented deviations</h2>
 * <ul>
 * <li>Data: HRNet's JointsDataset (scale, rotation w.p. 0.6, flip, half-body, generate_target), the
 * flip folded into the affine matrix (OpenCV's 1/32-px sampling grid makes ≤ 3 grey-level differences on
 * smooth content). Randomness: Java generators seeded by (seed, epoch, person, stream), not numpy's.</li>
 * <li>AdvMix: the authors' train_advmix step; targets of the clean crop (the authors' {@code targets[0]};
 * their GridMask also zeroes the visibility of masked joints, which only affects the unused GridMask
 * target). Transposed convolutions of the generator: exact 2×2-conv + interleave rewrite.</li>
 * <li>Adam: DJL's fused kernel, ε added to √v before the bias correction factor (PyTorch adds it after):
 * an ε-scale difference. LR milestones are placed on optimizer steps at 170/210 and 200/210 of the run
 * (identical to PyTorch's epoch milestones for 210 epochs); the old PyTorch code calls
 * {@code scheduler.step()} before each epoch, which decays one epoch earlier — not reproduced.</li>
 * <li>Loss: MSE by default (the paper); SmoothL1 as the authors' code ran it via {@link LossKind}.</li>
 * </ul>
 */
package io.robustpose.core.train;
