/**
 * Metrics: COCO keypoint AP/AR identical to pycocotools ({@code eval.coco}), PCKh as the official
 * MPII evaluation and mmpose compute it ({@code eval.pckh}), and the robustness aggregates mPC /
 * rPC with the paper's table layout ({@code eval.robustness}). {@link io.robustpose.core.eval.NumpySum}
 * reproduces numpy's summation order so that results match the Python references bit for bit.
 */
package io.robustpose.core.eval;
