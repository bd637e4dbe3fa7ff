/**
 * Image reading/writing and OpenCV helpers: {@link io.robustpose.core.image.ImageIo} (any JPEG/PNG to 8-bit BGR,
 * truncation detection, atomic .png/.jpg writes), {@link io.robustpose.core.image.OpenCv} (loads the natives),
 * {@link io.robustpose.core.image.Mats} (numpy-style truncation to uint8, channel normalization).
 */
package io.robustpose.core.image;
