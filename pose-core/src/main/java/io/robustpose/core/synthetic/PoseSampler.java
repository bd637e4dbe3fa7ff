package io.robustpose.core.synthetic;

import java.util.SplittableRandom;

/**
 * Samples everyday poses — standing, walking, running, sitting, squatting, arms raised, waving,
 * pointing, jumping jacks — with every angle drawn inside its family's range and clamped to
 * the joint limits of the human body (elbow and knee 0..150°, shoulder flexion −50..180°,
 * abduction 0..180°, hip flexion −30..125°, hip abduction −10..45°).
 */
public final class PoseSampler {

    /** The pose families, with how often each is drawn. */
    public enum Family {
        STANDING(4), WALKING(4), RUNNING(2), SITTING(2), SQUATTING(1), ARMS_RAISED(2), WAVING(2), POINTING(1),
        JUMPING_JACK(1);

        final int weight;

        Family(int weight) {
            this.weight = weight;
        }
    }

    private PoseSampler() {
    }

    public static Family family(SplittableRandom r) {
        int total = 0;
        for (Family f : Family.values()) {
            total += f.weight;
        }
        int pick = r.nextInt(total);
        for (Family f : Family.values()) {
            pick -= f.weight;
            if (pick < 0) {
                return f;
            }
        }
        throw new AssertionError();
    }

    public static BodyPose sample(Family f, SplittableRandom r) {
        double lean = u(r, -5, 8);
        double side = u(r, -6, 6);
        double twist = u(r, -12, 12);
        double headYaw = u(r, -35, 35);
        double headPitch = u(r, -15, 20);
        double lift = 0;
        BodyPose.Limbs left;
        BodyPose.Limbs right;
        switch (f) {
            case STANDING -> {
                left = limbs(u(r, -10, 20), u(r, 3, 20), u(r, 0, 40), u(r, 0, 60), u(r, -5, 8), u(r, 0, 8), u(r, 0, 12));
                right = limbs(u(r, -10, 20), u(r, 3, 20), u(r, 0, 40), u(r, 0, 60), u(r, -5, 8), u(r, 0, 8), u(r, 0, 12));
            }
            case WALKING, RUNNING -> {
                boolean run = f == Family.RUNNING;
                double swing = run ? u(r, 30, 55) : u(r, 12, 28);
                double phase = r.nextBoolean() ? 1 : -1;
                double elbow = run ? u(r, 70, 110) : u(r, 5, 35);
                left = limbs(phase * swing, u(r, 3, 12), elbow, u(r, 0, 30), -phase * swing, u(r, 0, 5),
                        phase > 0 ? u(r, run ? 60 : 10, run ? 110 : 35) : u(r, 0, 15));
                right = limbs(-phase * swing, u(r, 3, 12), elbow, u(r, 0, 30), phase * swing, u(r, 0, 5),
                        phase < 0 ? u(r, run ? 60 : 10, run ? 110 : 35) : u(r, 0, 15));
                lean = run ? u(r, 8, 22) : u(r, 0, 8);
                lift = run ? u(r, 0, 0.05) : 0;
            }
            case SITTING -> {
                left = limbs(u(r, 10, 50), u(r, 0, 15), u(r, 40, 100), u(r, 0, 40), u(r, 75, 100), u(r, 0, 15), u(r, 70, 105));
                right = limbs(u(r, 10, 50), u(r, 0, 15), u(r, 40, 100), u(r, 0, 40), u(r, 75, 100), u(r, 0, 15), u(r, 70, 105));
                lean = u(r, -8, 15);
            }
            case SQUATTING -> {
                left = limbs(u(r, 20, 80), u(r, 0, 20), u(r, 20, 90), u(r, 0, 40), u(r, 95, 125), u(r, 10, 30), u(r, 115, 145));
                right = limbs(u(r, 20, 80), u(r, 0, 20), u(r, 20, 90), u(r, 0, 40), u(r, 95, 125), u(r, 10, 30), u(r, 115, 145));
                lean = u(r, 15, 40);
            }
            case ARMS_RAISED -> {
                boolean sideways = r.nextBoolean();
                left = limbs(sideways ? u(r, 0, 30) : u(r, 140, 180), sideways ? u(r, 120, 175) : u(r, 0, 20), u(r, 0, 40),
                        u(r, 60, 90), u(r, -5, 8), u(r, 0, 10), u(r, 0, 10));
                right = limbs(sideways ? u(r, 0, 30) : u(r, 140, 180), sideways ? u(r, 120, 175) : u(r, 0, 20), u(r, 0, 40),
                        u(r, 60, 90), u(r, -5, 8), u(r, 0, 10), u(r, 0, 10));
            }
            case WAVING -> {
                BodyPose.Limbs wave = limbs(u(r, 0, 40), u(r, 70, 130), u(r, 60, 120), u(r, 70, 90), u(r, -5, 8), u(r, 0, 8), u(r, 0, 10));
                BodyPose.Limbs rest = limbs(u(r, -10, 20), u(r, 3, 20), u(r, 0, 60), u(r, 0, 60), u(r, -5, 8), u(r, 0, 8), u(r, 0, 10));
                boolean leftWaves = r.nextBoolean();
                left = leftWaves ? wave : rest;
                right = leftWaves ? rest : wave;
            }
            case POINTING -> {
                BodyPose.Limbs point = limbs(u(r, 70, 110), u(r, 0, 50), u(r, 0, 20), u(r, 0, 30), u(r, -5, 8), u(r, 0, 8), u(r, 0, 10));
                BodyPose.Limbs rest = limbs(u(r, -10, 20), u(r, 3, 20), u(r, 0, 90), u(r, 0, 60), u(r, -5, 8), u(r, 0, 8), u(r, 0, 10));
                boolean leftPoints = r.nextBoolean();
                left = leftPoints ? point : rest;
                right = leftPoints ? rest : point;
            }
            case JUMPING_JACK -> {
                left = limbs(u(r, -10, 20), u(r, 100, 165), u(r, 0, 30), u(r, 60, 90), u(r, -5, 10), u(r, 18, 35), u(r, 0, 15));
                right = limbs(u(r, -10, 20), u(r, 100, 165), u(r, 0, 30), u(r, 60, 90), u(r, -5, 10), u(r, 18, 35), u(r, 0, 15));
                lift = u(r, 0, 0.06);
            }
            default -> throw new AssertionError(f);
        }
        return new BodyPose(lean, side, twist, headYaw, headPitch, left, right, lift);
    }

    private static BodyPose.Limbs limbs(double shoulderFlex, double shoulderAbd, double elbow, double elbowPlane,
                                        double hipFlex, double hipAbd, double knee) {
        return new BodyPose.Limbs(clamp(shoulderFlex, -50, 180), clamp(shoulderAbd, 0, 180), clamp(elbow, 0, 150),
                clamp(elbowPlane, 0, 90), clamp(hipFlex, -30, 125), clamp(hipAbd, -10, 45), clamp(knee, 0, 150));
    }

    private static double u(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
