package io.robustpose.core.dataset;

/** One entry of a COCO {@code images} array. Width and height are 0 when the file omits them. */
public record CocoImage(long id, String fileName, int width, int height) {
}
