/**
 * Dataset IO: COCO person keypoints and OCHuman ({@link io.robustpose.core.dataset.CocoReader}),
 * MPII in the HRNet/mmpose JSON layout ({@link io.robustpose.core.dataset.MpiiDataset}) with the
 * official ground truth and head boxes ({@link io.robustpose.core.dataset.MpiiGroundTruth}),
 * person detections ({@link io.robustpose.core.dataset.PersonDetections}) and keypoint results in
 * the COCO results format ({@link io.robustpose.core.dataset.KeypointResults},
 * {@link io.robustpose.core.dataset.KeypointResultsWriter}). Readers stream with Jackson, name the
 * record and field of anything malformed ({@link io.robustpose.core.dataset.MalformedRecordException})
 * and report what they kept, skipped, filled in or did not read ({@link io.robustpose.core.dataset.ReadSummary}).
 */
package io.robustpose.core.dataset;
