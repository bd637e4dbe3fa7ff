package io.robustpose.core.inference;

/**
 * A person to estimate: a box (x, y, w, h) in an image, with the detector's score (1 for GT boxes)
 * and, for GT boxes, the annotation it came from (0 otherwise).
 */
public record PersonInstance(long imageId, double x, double y, double w, double h, double score, long annotationId) {
}
