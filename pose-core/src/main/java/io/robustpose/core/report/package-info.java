/**
 * Self-contained HTML robustness reports: {@link io.robustpose.core.report.HtmlReport} (tables like the AdvMix
 * paper's, inline-SVG charts, sample images with skeleton overlays, a render check for headless browsers),
 * {@link io.robustpose.core.report.SampleFigure} (one image under one condition with ground truth and predictions)
 * drawn with {@link io.robustpose.core.inference.Skeleton} (COCO-17 / MPII-16 joints, limbs and sides).
 */
package io.robustpose.core.report;
