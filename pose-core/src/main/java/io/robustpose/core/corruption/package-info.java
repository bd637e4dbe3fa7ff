/**
 * The 15 benchmark corruptions of COCO-C / MPII-C / OCHuman-C and the 4 held-out extras, as implemented by
 * imagecorruptions 1.1.2 (the package behind the AdvMix benchmarks), without any framework.
 *
 * <ul>
 *   <li>{@link io.robustpose.core.corruption.Corruptor} corrupts one image:
 *       {@code Corruptor.withProceduralFrost().apply(bgr, Corruption.SNOW, 3, seed, imageId, Map.of())}.</li>
 *   <li>{@link io.robustpose.core.corruption.CorruptionBenchmark} times all of them (the reference's "sweep").</li>
 *   <li>{@link io.robustpose.core.corruption.CorruptionParams} names the random draws that can be pinned.</li>
 *   <li>{@link io.robustpose.core.corruption.FrostTextures}: procedural (default) or the official images.</li>
 * </ul>
 *
 * <p>Fidelity, measured on the shared reference outputs (see GoldenCorruptionTest): brightness, contrast,
 * pixelate and jpeg_compression are bit-exact (HSV, contrast and Pillow's BOX/NEAREST resampling are ported
 * operation by operation; OpenCV's libjpeg-turbo at the same quality reproduces Pillow's bytes); defocus_blur,
 * motion_blur and frost (with the reference's draws pinned and the official textures) differ by float rounding
 * only; zoom_blur by 0.07 grey levels on average (fixed-point bilinear layers); fog replays the reference exactly
 * when fed numpy's random stream. The random corruptions use their own generator and match the reference's
 * statistics.
 *
 * <p>Two things about the reference that matter here: glass_blur's pixel "swap" is in fact a copy (numpy view
 * aliasing, kept by numba), which this package reproduces because it shapes the statistics; and frost2.png and
 * frost3.png of the official package are the same image.
 */
package io.robustpose.core.corruption;
