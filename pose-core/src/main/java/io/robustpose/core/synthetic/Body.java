package io.robustpose.core.synthetic;

/**
 * Human proportions and forward kinematics. Segment lengths are fractions of body height from
 * Drillis &amp; Contini's anthropometric table (as in Winter, "Biomechanics and Motor Control of
 * Human Movement", Fig. 4.1): shoulder height 0.818, hip (joint) height 0.530, upper arm 0.186,
 * forearm 0.146, thigh 0.245, shank 0.246, ankle height 0.039, shoulder width 0.259,
 * hip width 0.191, chin 0.870.
 */
final class Body {
    static final double UPPER_ARM = 0.186;
    static final double FOREARM = 0.146;
    static final double THIGH = 0.245;
    static final double SHANK = 0.246;
    static final double ANKLE_HEIGHT = 0.039;
    static final double TORSO = 0.818 - 0.530;
    static final double SHOULDER_HALF = 0.259 / 2;
    /** Hip joints sit inside the hip width. */
    static final double HIP_HALF = 0.085;
    static final double NECK = 0.05;
    /** Head centre above the neck base; head semi-axes (width, height). */
    static final double HEAD_UP = 0.075;
    static final double HEAD_RX = 0.05;
    static final double HEAD_RY = 0.064;
    static final double FOOT = 0.10;
    /** How far in front of the head centre the {@link #HEAD_FORWARD} marker sits. */
    static final double HEAD_FORWARD_REACH = 0.2;

    /** Auxiliary points beyond the 17 COCO keypoints, appended after them. */
    static final int NECK_BASE = 17;
    static final int HEAD_CENTER = 18;
    static final int PELVIS = 19;
    static final int LEFT_TOE = 20;
    static final int RIGHT_TOE = 21;
    static final int HEAD_FORWARD = 22;
    static final int POINTS = 23;

    private Body() {
    }

    /** 3-D points (COCO keypoints 0..16, then the auxiliary points) with the feet on y = lift. */
    static double[][] joints(BodyPose p) {
        double[][] j = new double[POINTS][];
        double[] pelvis = {0, 0, 0};
        // torso: lean about x, side bend about z
        double[] up = rotZ(rotX(new double[]{0, 1, 0}, p.torsoLean()), -p.torsoSide());
        double[] neck = add(pelvis, scale(up, TORSO));
        double[] shoulderAxis = rotZ(rotY(new double[]{1, 0, 0}, p.torsoTwist()), -p.torsoSide());
        double[] forward = rotY(rotX(new double[]{0, 0, 1}, p.torsoLean()), p.torsoTwist());
        j[PELVIS] = pelvis;
        j[NECK_BASE] = neck;
        j[5] = add(neck, scale(shoulderAxis, SHOULDER_HALF));
        j[6] = add(neck, scale(shoulderAxis, -SHOULDER_HALF));
        arm(j, p.left(), j[5], 1, up, forward, shoulderAxis, 7, 9);
        arm(j, p.right(), j[6], -1, up, forward, shoulderAxis, 8, 10);
        j[11] = new double[]{HIP_HALF, 0, 0};
        j[12] = new double[]{-HIP_HALF, 0, 0};
        leg(j, p.left(), j[11], 1, 13, 15, LEFT_TOE);
        leg(j, p.right(), j[12], -1, 14, 16, RIGHT_TOE);
        // head: turned about the neck's up axis, pitched about its left axis
        double[] headFwd = rotY(forward, p.headYaw());
        double[] headLeft = rotY(shoulderAxis, p.headYaw());
        headFwd = rotAbout(headFwd, headLeft, p.headPitch());
        double[] headUp = cross(headFwd, headLeft);
        double[] center = add(neck, add(scale(up, NECK), scale(headUp, HEAD_UP - NECK)));
        j[HEAD_CENTER] = center;
        j[HEAD_FORWARD] = add(center, scale(headFwd, HEAD_FORWARD_REACH));
        j[0] = add(center, add(scale(headFwd, 0.055), scale(headUp, -0.012)));
        j[1] = add(center, add(add(scale(headFwd, 0.042), scale(headLeft, 0.024)), scale(headUp, 0.01)));
        j[2] = add(center, add(add(scale(headFwd, 0.042), scale(headLeft, -0.024)), scale(headUp, 0.01)));
        j[3] = add(center, add(scale(headLeft, 0.05), scale(headFwd, -0.005)));
        j[4] = add(center, add(scale(headLeft, -0.05), scale(headFwd, -0.005)));
        // stand on the lowest foot point
        double lowest = Double.MAX_VALUE;
        for (int k : new int[]{15, 16}) {
            lowest = Math.min(lowest, j[k][1] - ANKLE_HEIGHT);
        }
        for (int k : new int[]{LEFT_TOE, RIGHT_TOE}) {
            lowest = Math.min(lowest, j[k][1] - 0.01);
        }
        double shift = p.lift() - lowest;
        for (double[] pt : j) {
            pt[1] += shift;
        }
        return j;
    }

    private static void arm(double[][] j, BodyPose.Limbs l, double[] shoulder, int side, double[] up, double[] fwd,
                            double[] lateral, int elbow, int wrist) {
        double[] down = scale(up, -1);
        // flexion swings the hanging arm toward the front, abduction then toward the side
        double[] flexed = add(scale(down, cos(l.shoulderFlex())), scale(fwd, sin(l.shoulderFlex())));
        double[] u = normalize(add(scale(flexed, cos(l.shoulderAbd())), scale(lateral, side * sin(l.shoulderAbd()))));
        j[elbow] = add(shoulder, scale(u, UPPER_ARM));
        double[] bendToward = add(scale(fwd, cos(l.elbowPlane())), scale(up, sin(l.elbowPlane())));
        double[] w = perpendicular(bendToward, u, lateral);
        double[] f = add(scale(u, cos(l.elbowFlex())), scale(w, sin(l.elbowFlex())));
        j[wrist] = add(j[elbow], scale(f, FOREARM));
    }

    private static void leg(double[][] j, BodyPose.Limbs l, double[] hip, int side, int knee, int ankle, int toe) {
        double[] down = {0, -1, 0};
        double[] fwd = {0, 0, 1};
        double[] flexed = add(scale(down, cos(l.hipFlex())), scale(fwd, sin(l.hipFlex())));
        double[] t = normalize(add(scale(flexed, cos(l.hipAbd())), new double[]{side * sin(l.hipAbd()), 0, 0}));
        j[knee] = add(hip, scale(t, THIGH));
        double[] w = perpendicular(new double[]{0, 0, -1}, t, new double[]{0, 1, 0});
        double[] s = add(scale(t, cos(l.kneeFlex())), scale(w, sin(l.kneeFlex())));
        j[ankle] = add(j[knee], scale(s, SHANK));
        // the foot points forward, roughly perpendicular to the shank
        double[] footDir = perpendicular(fwd, s, down);
        j[toe] = add(add(j[ankle], scale(footDir, FOOT)), new double[]{0, -ANKLE_HEIGHT * 0.7, 0});
    }

    /** The part of {@code v} perpendicular to unit {@code u}, normalized; {@code fallback} when parallel. */
    private static double[] perpendicular(double[] v, double[] u, double[] fallback) {
        double[] p = add(v, scale(u, -dot(v, u)));
        if (norm(p) < 1e-6) {
            p = add(fallback, scale(u, -dot(fallback, u)));
        }
        return normalize(p);
    }

    static double cos(double deg) {
        return Math.cos(Math.toRadians(deg));
    }

    static double sin(double deg) {
        return Math.sin(Math.toRadians(deg));
    }

    private static double[] rotX(double[] v, double deg) {
        double c = cos(deg);
        double s = sin(deg);
        return new double[]{v[0], c * v[1] - s * v[2], s * v[1] + c * v[2]};
    }

    /** Rotation about the vertical axis; positive turns +z toward +x. */
    static double[] rotY(double[] v, double deg) {
        double c = cos(deg);
        double s = sin(deg);
        return new double[]{c * v[0] + s * v[2], v[1], -s * v[0] + c * v[2]};
    }

    private static double[] rotZ(double[] v, double deg) {
        double c = cos(deg);
        double s = sin(deg);
        return new double[]{c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]};
    }

    /** Rodrigues rotation of {@code v} about unit axis {@code k}. */
    private static double[] rotAbout(double[] v, double[] k, double deg) {
        double c = cos(deg);
        double s = sin(deg);
        return add(add(scale(v, c), scale(cross(k, v), s)), scale(k, dot(k, v) * (1 - c)));
    }

    static double[] add(double[] a, double[] b) {
        return new double[]{a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    static double[] scale(double[] a, double s) {
        return new double[]{a[0] * s, a[1] * s, a[2] * s};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[]{a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double[] normalize(double[] a) {
        return scale(a, 1 / norm(a));
    }
}
