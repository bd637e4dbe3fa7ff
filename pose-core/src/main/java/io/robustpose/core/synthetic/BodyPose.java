package io.robustpose.core.synthetic;

/**
 * The joint angles of one articulated person (degrees), in the body's own frame: x to the
 * person's left, y up, z forward (the way the chest faces). Limits are enforced by
 * {@link PoseSampler}; {@link Body} turns a pose into 3-D joint positions.
 *
 * @param torsoLean   forward (+) / backward bend of the torso from vertical
 * @param torsoSide   sideways bend of the torso (+ toward the person's left)
 * @param torsoTwist  shoulders turned against the hips about the vertical axis
 * @param headYaw     head turned left (+) / right relative to the shoulders
 * @param headPitch   head tilted down (+) / up
 * @param left        the left arm and leg
 * @param right       the right arm and leg
 * @param lift        the feet above the ground, as a fraction of body height (jumps)
 */
public record BodyPose(double torsoLean, double torsoSide, double torsoTwist, double headYaw, double headPitch,
                       Limbs left, Limbs right, double lift) {

    /**
     * One side's arm and leg.
     *
     * @param shoulderFlex  arm raised forward (+) / backward from hanging down
     * @param shoulderAbd   arm raised sideways, 180 = straight up
     * @param elbowFlex     0 = straight arm
     * @param elbowPlane    direction the forearm folds: 0 = forward, 90 = upward
     * @param hipFlex       thigh raised forward (+) / backward
     * @param hipAbd        thigh spread sideways
     * @param kneeFlex      0 = straight leg; the shank folds backward
     */
    public record Limbs(double shoulderFlex, double shoulderAbd, double elbowFlex, double elbowPlane,
                       double hipFlex, double hipAbd, double kneeFlex) {
    }
}
