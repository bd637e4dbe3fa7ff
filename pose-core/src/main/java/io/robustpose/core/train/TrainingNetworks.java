package io.robustpose.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.robustpose.core.model.Architecture;
import io.robustpose.core.model.Checkpoints;
import io.robustpose.core.model.DeconvMethod;
import io.robustpose.core.model.PoseNet;
import io.robustpose.core.model.PoseNetworks;
import io.robustpose.core.train.advmix.UnetGenerator;
import io.robustpose.core.train.data.Seeds;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The networks of one run, built and loaded as its configuration says: P (from a resumed checkpoint,
 * the init checkpoint, or — for methods with a teacher — the teacher's weights, since the authors'
 * P and teacher load the same {@code --load_from_D}; not when the teacher is of another
 * architecture, as FPD's), the frozen teacher of KD methods, and the
 * generator of AdvMix methods (PyTorch's default initialisation drawn from the run's seed).
 *
 * @param teacher   null unless the method distils
 * @param generator null unless the method has one
 */
record TrainingNetworks(PoseNet net, PoseNet teacher, UnetGenerator generator) {

    static TrainingNetworks create(NDManager manager, TrainingConfig c, int joints, Path resumeDir,
            DeconvMethod deconv) throws IOException {
        TrainingMethod method = c.method();
        Path teacherPath = c.effectiveTeacher();
        if (method.usesTeacher() && teacherPath == null) {
            throw new IllegalArgumentException(method.id() + " distils from a teacher: give a teacher or init "
                    + "checkpoint (a standard-trained model of the same architecture)");
        }
        Architecture teacherArchitecture = c.teacherArchitecture() != null ? c.teacherArchitecture() : c.architecture();
        PoseNet net = PoseNetworks.create(manager, c.architecture(), joints, c.inputHeight(), c.inputWidth(), deconv);
        if (resumeDir != null) {
            Checkpoints.loadInto(resumeDir.resolve(TrainingCheckpoint.MODEL), net);
        } else if (c.initCheckpoint() != null) {
            Trainer.loadWeights(c.initCheckpoint(), net);
        } else if (method.usesTeacher() && teacherArchitecture == c.architecture()) {
            Trainer.loadWeights(teacherPath, net);
        }
        PoseNet teacher = null;
        if (method.usesTeacher()) {
            teacher = PoseNetworks.create(manager, teacherArchitecture, joints, c.inputHeight(), c.inputWidth(),
                    deconv);
            Trainer.loadWeights(teacherPath, teacher); // its arrays never require gradients: frozen
            teacher.freeze();
        }
        UnetGenerator generator = null;
        if (method.usesGenerator()) {
            int levels = c.generatorLevels() > 0 ? c.generatorLevels()
                    : UnetGenerator.defaultLevels(c.inputHeight(), c.inputWidth());
            int k = 1 + method.proposals().extraImages();
            generator = new UnetGenerator(3 * k, k, levels, UnetGenerator.NGF);
            generator.initialize(manager, DataType.FLOAT32, new Shape(1, 3 * k, c.inputHeight(), c.inputWidth()));
            generator.reset(Seeds.derive(c.seed(), 2));
            if (resumeDir != null) {
                TrainingCheckpoint.loadBlock(resumeDir.resolve(TrainingCheckpoint.GENERATOR), generator);
            }
        }
        return new TrainingNetworks(net, teacher, generator);
    }
}
