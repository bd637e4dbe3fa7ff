#!/usr/bin/env python3
"""The authors' AdvMix code as a reference tool for robustpose (issue 15).

Nothing of the official code is copied here: this script imports it from a checkout given with
--official (https://github.com/AIprogrammer/AdvMix, e.g. `git archive HEAD | tar -x -C DIR`) and
drives it on CPU (its `.cuda()` calls become no-ops; DataParallel, a pass-through without GPUs, is
left out).

  steps   Replays a `robustpose trace-steps` directory through the official `train_advmix` (or the
          official standard `train`): same initial P / teacher / generator weights, same batches,
          same learning rate per step; prints and writes both implementations' losses per step and
          the weight differences after the last step.
  train   Trains with the official data pipeline (COCODataset + MixCombine: the authors'
          AutoAugment, GridMask, flips, rotation, scale, half body), the official loss and
          `train_advmix`/`train` for E epochs on a COCO-format dataset, starting from a robustpose
          checkpoint, and writes the final weights as safetensors with official keys, which
          `robustpose evaluate` takes (so both implementations are scored by the same evaluation).
  time    The official `train_advmix` iteration's wall time (generator forward, mixing, P-step, teacher
          forward, G-step through P, Adam for P and G) on synthetic batches, like `robustpose bench train
          --method advmix` (same input ranges, MSE, KD alpha 0.1, adversarial weight 1, formula-free
          random weights: timings do not depend on weight values once denormals are avoided); median of
          --steps after --warmup. The official iteration also computes its training accuracy (a NumPy
          argmax over the heatmaps, a few ms) which robustpose's step does not.

Environment: PyTorch CPU, numpy, opencv-python-headless, pillow, pycocotools, safetensors, tqdm
(tools/README.md lists how to install them offline on this machine).
"""

import argparse
import json
import math
import os
import sys
import time
import types

import process_counters  # tools/, beside this script


def install_shims(official):
    """Makes the official modules importable without GPU, yacs, torchvision, json_tricks or the nms build."""
    import numpy as np
    import torch

    for name, value in (("int", int), ("float", float), ("bool", bool)):
        if not hasattr(np, name):
            setattr(np, name, value)  # the official code predates NumPy 1.24 (np.int in advaug.py)
    torch.Tensor.cuda = lambda self, *a, **k: self
    torch.nn.Module.cuda = lambda self, *a, **k: self
    if "torchvision" not in sys.modules:
        sys.modules["torchvision"] = types.ModuleType("torchvision")  # only utils.vis imports it (debug images)
    if "json_tricks" not in sys.modules:
        sys.modules["json_tricks"] = json
    nms = types.ModuleType("nms")
    nms_nms = types.ModuleType("nms.nms")
    nms_nms.oks_nms = nms_nms.soft_oks_nms = None  # evaluation only; robustpose evaluates
    nms.nms = nms_nms
    sys.modules["nms"] = nms
    sys.modules["nms.nms"] = nms_nms
    if "imagecorruptions" not in sys.modules:
        ic = types.ModuleType("imagecorruptions")
        ic.corrupt = ic.get_corruption_names = None  # only for --random_corruption, unused
        sys.modules["imagecorruptions"] = ic
    sys.path.insert(0, os.path.join(official, "lib"))


def ns(**kw):
    return types.SimpleNamespace(**kw)


def make_cfg(arch_layers, joints, height, width, lr, epochs=1, rot=40, scale=0.3, color_rgb=True,
             dataset_root="", train_set="train", half_body=0.0):
    """The fields of the official yacs config that the training path reads."""
    return ns(
        MODEL=ns(NAME="pose_resnet", NUM_JOINTS=joints, IMAGE_SIZE=[width, height],
                 HEATMAP_SIZE=[width // 4, height // 4], SIGMA=2, TARGET_TYPE="gaussian", INIT_WEIGHTS=False,
                 PRETRAINED="",
                 EXTRA=ns(NUM_LAYERS=arch_layers, DECONV_WITH_BIAS=False, NUM_DECONV_LAYERS=3,
                          NUM_DECONV_FILTERS=[256, 256, 256], NUM_DECONV_KERNELS=[4, 4, 4], FINAL_CONV_KERNEL=1)),
        TRAIN=ns(OPTIMIZER="adam", LR=lr, END_EPOCH=epochs, BATCH_SIZE_PER_GPU=32, SHUFFLE=True),
        LOSS=ns(USE_TARGET_WEIGHT=True, USE_DIFFERENT_JOINTS_WEIGHT=False),
        DATASET=ns(COLOR_RGB=color_rgb, DATASET="coco", ROOT=dataset_root, TRAIN_SET=train_set, TEST_SET="val",
                   DATA_FORMAT="jpg", FLIP=True, ROT_FACTOR=rot, SCALE_FACTOR=scale, NUM_JOINTS_HALF_BODY=8,
                   PROB_HALF_BODY=half_body, SELECT_DATA=False, MINI_COCO=False, ROOT_C=""),
        TEST=ns(NMS_THRE=1.0, IMAGE_THRE=0.0, SOFT_NMS=False, OKS_THRE=0.9, IN_VIS_THRE=0.2, COCO_BBOX_FILE="",
                USE_GT_BBOX=True, TEST_ROBUST=False, CORRUPTION_TYPE="", SEVERITY=0, FLIP_TEST=True),
        DEBUG=ns(DEBUG=False), PRINT_FREQ=10 ** 9, OUTPUT_DIR="", RANK=0, GPUS=(0,))


ARCH_LAYERS = {"simplebaseline-resnet18": 18, "simplebaseline-resnet50": 50, "simplebaseline-resnet101": 101,
               "simplebaseline-resnet152": 152}


class NullWriter:
    def add_scalar(self, *a, **k):
        pass


class RecordingCriterion:
    """The official criterion, recording every value it returns (train_advmix calls it 3 times a step)."""

    def __init__(self, criterion):
        self.criterion = criterion
        self.values = []

    def __call__(self, *a):
        v = self.criterion(*a)
        self.values.append(float(v.detach()))
        return v


def load_safetensors(path):
    from safetensors.torch import load_file
    return load_file(path)


def load_pose(cfg, path):
    import models.pose_resnet as pose_resnet
    model = pose_resnet.get_pose_net(cfg, is_train=False)
    missing, unexpected = model.load_state_dict(load_safetensors(path), strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit(f"{path}: missing {missing[:5]} unexpected {unexpected[:5]}")
    return model


def load_generator(path, proposals, levels):
    import models.Unet_generator as unet
    g = unet.UnetGenerator(3 * proposals, proposals, levels)
    g.load_state_dict(load_safetensors(path), strict=True)
    return g


def generator_levels(h, w):
    """The U-Net's depth for an input size, as robustpose's UnetGenerator.defaultLevels."""
    return 6 if h % 64 == 0 and w % 64 == 0 else 5


def criterion_for(loss_name):
    from core.loss import JointsMSELoss
    # the official flag is inverted: smooth_L1=False selects nn.SmoothL1Loss, True selects nn.MSELoss
    return JointsMSELoss(use_target_weight=True, smooth_L1=(loss_name == "MSE"))


def steps_command(a):
    import torch
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    from core.function import train, train_advmix
    from utils.utils import get_optimizer

    dtype = torch.float64 if a.double else torch.float32
    trace = json.load(open(os.path.join(a.trace, "trace.json")))
    method = trace["method"]
    h, w = trace["input"]
    cfg = make_cfg(ARCH_LAYERS[trace["architecture"]], trace["joints"], h, w, lr=1e-3)
    d = a.trace
    model = load_pose(cfg, os.path.join(d, "initial", "p.safetensors")).to(dtype)
    crit = RecordingCriterion(criterion_for(trace["loss"]))
    optimizer = get_optimizer(cfg, model)
    batches = sorted(os.listdir(os.path.join(d, "batches")))
    if a.steps:
        batches = batches[:a.steps]
    advmix = method == "advmix"
    if method not in ("advmix", "standard"):
        raise SystemExit(f"trace method {method}: only advmix and standard have an official step")
    if advmix:
        teacher = load_pose(cfg, os.path.join(d, "initial", "teacher.safetensors")).to(dtype)
        gsd = load_safetensors(os.path.join(d, "initial", "generator.safetensors"))
        levels = sum(1 for k in gsd if k.endswith(".weight") and gsd[k].dim() == 4) // 2
        generator = load_generator(os.path.join(d, "initial", "generator.safetensors"), 3, levels).to(dtype)
        optimizer_g = get_optimizer(cfg, generator)
    args = ns(alpha=trace["kd_alpha"], adv_loss_weight=trace["adversarial_weight"])
    from safetensors import safe_open

    per_step = []
    for name in batches:
        path = os.path.join(d, "batches", name)
        with safe_open(path, "pt") as f:
            t = {k: f.get_tensor(k).to(dtype) for k in f.keys()}
            lr = float(f.metadata()["lr"])
        for group in optimizer.param_groups:
            group["lr"] = lr
        meta = {}
        before = len(crit.values)
        if advmix:
            for group in optimizer_g.param_groups:
                group["lr"] = lr
            inputs = [t["clean"], t["proposal1"], t["proposal2"]]
            loader = [(inputs, [t["target"]] * 3, [t["target_weight"]] * 3, [meta] * 3)]
            train_advmix(cfg, args, loader, [model, generator, teacher], crit, [optimizer, optimizer_g], 0, "", "",
                         {"writer": NullWriter(), "train_global_steps": 0})
            hm, kd, g = crit.values[before:before + 3]
            per_step.append({"loss": hm * (1 - args.alpha) + kd * args.alpha, "heatmap": hm, "kd": kd,
                             "generator": -g * args.adv_loss_weight})
        else:
            loader = [(t["clean"], [t["target"], None], t["target_weight"], meta)]
            train(cfg, args, loader, model, crit, optimizer, 0, "", "", {"writer": NullWriter(),
                                                                         "train_global_steps": 0})
            hm = crit.values[before]
            per_step.append({"loss": hm, "heatmap": hm, "kd": None, "generator": None})

    rows = []
    worst = {}
    for i, off in enumerate(per_step):
        ours = trace["steps"][i]
        row = {"step": i}
        for key in ("loss", "heatmap", "kd", "generator"):
            o, r = off[key], ours.get(key)
            if o is None or r is None:
                continue
            rel = abs(o - r) / max(abs(o), 1e-30)
            row[key] = {"official": o, "robustpose": r, "rel_diff": rel}
            worst[key] = max(worst.get(key, 0.0), rel)
        rows.append(row)

    def weight_diff(ours_path, official_sd):
        ours = load_safetensors(ours_path)
        worst_rel, worst_key = 0.0, None
        for k, v in ours.items():
            ref = official_sd[k].float()
            v = v.float()
            scale = ref.abs().max().item()
            diff = (v - ref).abs().max().item()
            rel = diff / scale if scale > 0 else diff
            if rel > worst_rel:
                worst_rel, worst_key = rel, k
        return {"max_rel_diff": worst_rel, "tensor": worst_key}

    result = {"trace": os.path.abspath(d), "method": method, "loss": trace["loss"], "torch": torch.__version__,
              "official_dtype": str(dtype),
              "steps": rows, "max_rel_diff": worst,
              "final_p": weight_diff(os.path.join(d, "final", "p.safetensors"), model.state_dict())}
    if advmix:
        result["final_generator"] = weight_diff(os.path.join(d, "final", "generator.safetensors"),
                                                generator.state_dict())
    out = a.out or os.path.join(d, "official-comparison.json")
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    for r in rows:
        cells = " ".join(f"{k} {v['official']:.8f}/{v['robustpose']:.8f} ({v['rel_diff']:.1e})"
                         for k, v in r.items() if k != "step")
        print(f"step {r['step']}: {cells}")
    print(json.dumps({"max_rel_diff": worst, "final_p": result["final_p"],
                      "final_generator": result.get("final_generator")}))


class Normalize:
    """torchvision's ToTensor + Normalize(ImageNet) on an HWC uint8 array (the official transform)."""

    def __init__(self):
        import torch
        self.mean = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1)
        self.std = torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1)

    def __call__(self, pic):
        import numpy as np
        import torch
        t = torch.from_numpy(np.ascontiguousarray(pic)).permute(2, 0, 1).float().div(255)
        return (t - self.mean) / self.std


def link_dataset(images, annotations, root):
    """The official COCODataset's layout: root/annotations/person_keypoints_train.json and
    root/train/%012d.jpg named by image id (symbolic links to the real files)."""
    os.makedirs(os.path.join(root, "annotations"), exist_ok=True)
    os.makedirs(os.path.join(root, "train"), exist_ok=True)
    ann = os.path.join(root, "annotations", "person_keypoints_train.json")
    if not os.path.exists(ann):
        os.symlink(os.path.abspath(annotations), ann)
    for im in json.load(open(annotations))["images"]:
        link = os.path.join(root, "train", "%012d.jpg" % im["id"])
        if not os.path.lexists(link):
            os.symlink(os.path.abspath(os.path.join(images, im["file_name"])), link)


def save_posenet(path, model, arch, joints, h, w, meta):
    """Official-key safetensors with robustpose's checkpoint metadata, so `robustpose evaluate` loads it."""
    from safetensors.torch import save_file
    sd = {k: v.detach().float().contiguous() for k, v in model.state_dict().items()
          if not k.endswith("num_batches_tracked")}
    m = {"format": "robustpose-posenet", "format_version": "1", "architecture": arch, "joints": str(joints),
         "input_height": str(h), "input_width": str(w)}
    m.update({k: str(v) for k, v in meta.items()})
    tmp = path + ".tmp"
    save_file(sd, tmp, metadata=m)
    os.replace(tmp, path)


def train_command(a):
    """Official data pipeline + official train/train_advmix, resumable per epoch."""
    import random
    import numpy as np
    import torch
    torch.set_num_threads(a.threads)
    from core.function import train, train_advmix
    from utils.utils import get_optimizer
    from dataset.coco import COCODataset

    h, w = (int(v) for v in a.input.lower().split("x"))
    os.makedirs(a.out, exist_ok=True)
    root = os.path.join(a.out, "official-data")
    link_dataset(a.images, a.annotations, root)
    cfg = make_cfg(ARCH_LAYERS[a.arch], 17, h, w, lr=a.lr, epochs=a.epochs, color_rgb=True, dataset_root=root,
                   train_set="train")
    advmix = a.method == "advmix"
    args = ns(alpha=a.kd_alpha, adv_loss_weight=1.0, sample_times=3 if advmix else 1, random_corruption=False,
              sp_style=0, joints_num=17, stylize_image=False)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)
    dataset = COCODataset(cfg, args, root, "train", True, Normalize())
    model = load_pose(cfg, a.init)
    crit = RecordingCriterion(criterion_for(a.loss.upper().replace("SMOOTHL1", "SMOOTH_L1")))
    optimizer = get_optimizer(cfg, model)
    generator = teacher = optimizer_g = None
    if advmix:
        teacher = load_pose(cfg, a.teacher or a.init)
        import models.Unet_generator as unet
        # PyTorch's default init, as the authors' (no init call)
        generator = unet.UnetGenerator(9, 3, generator_levels(h, w))
        optimizer_g = get_optimizer(cfg, generator)
    milestones = [int(v) for v in a.lr_steps.split(",")] if a.lr_steps else []
    state_file = os.path.join(a.out, "official-checkpoint.pt")
    begin = 0
    if os.path.exists(state_file):
        st = torch.load(state_file, weights_only=False)
        begin = st["epoch"]
        model.load_state_dict(st["model"])
        optimizer.load_state_dict(st["optimizer"])
        if advmix:
            generator.load_state_dict(st["generator"])
            optimizer_g.load_state_dict(st["optimizer_g"])
        random.setstate(st["random"])
        np.random.set_state(st["numpy"])
        torch.set_rng_state(st["torch"])
        print(f"resumed at epoch {begin}")
    log = os.path.join(a.out, "training-log.jsonl")
    for epoch in range(begin, a.epochs):
        # the intended MultiStepLR (lr x0.1 from each milestone epoch on); the official loop's
        # scheduler.step() before the epoch moves every drop one epoch earlier under PyTorch >= 1.1
        lr = a.lr * (0.1 ** sum(1 for m in milestones if epoch >= m))
        for opt in [optimizer] + ([optimizer_g] if advmix else []):
            for group in opt.param_groups:
                group["lr"] = lr
        loader = torch.utils.data.DataLoader(dataset, batch_size=a.batch, shuffle=True, num_workers=a.workers)
        crit.values = []
        start = time.time()
        writer = {"writer": NullWriter(), "train_global_steps": 0}
        if advmix:
            train_advmix(cfg, args, loader, [model, generator, teacher], crit, [optimizer, optimizer_g], epoch, "", "",
                         writer)
            hm, kd, g = crit.values[0::3], crit.values[1::3], crit.values[2::3]
            row = {"heatmap": float(np.mean(hm)), "kd": float(np.mean(kd)), "generator": -float(np.mean(g)),
                   "loss": float(np.mean(hm)) * (1 - a.kd_alpha) + float(np.mean(kd)) * a.kd_alpha}
        else:
            train(cfg, args, loader, model, crit, optimizer, epoch, "", "", writer)
            row = {"loss": float(np.mean(crit.values)), "heatmap": float(np.mean(crit.values))}
        row.update({"epoch": epoch, "lr": lr, "steps": len(loader), "seconds": time.time() - start})
        with open(log, "a") as f:
            f.write(json.dumps(row) + "\n")
        st = {"epoch": epoch + 1, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
              "random": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
        if advmix:
            st["generator"] = generator.state_dict()
            st["optimizer_g"] = optimizer_g.state_dict()
        torch.save(st, state_file + ".tmp")
        os.replace(state_file + ".tmp", state_file)
        print(json.dumps(row), flush=True)
    save_posenet(os.path.join(a.out, "model.safetensors"), model, a.arch, 17, h, w,
                 {"training_method": a.method, "epochs": a.epochs, "seed": a.seed, "trained_by": "official-advmix-code"})
    print(os.path.join(a.out, "model.safetensors"))


def time_command(a):
    import torch
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    from core.function import train_advmix
    from utils.utils import get_optimizer
    import models.Unet_generator as unet

    h, w = (int(v) for v in a.input.lower().split("x"))
    cfg = make_cfg(ARCH_LAYERS[a.arch], 17, h, w, lr=1e-3)
    import models.pose_resnet as pose_resnet
    model = pose_resnet.get_pose_net(cfg, is_train=False)
    teacher = pose_resnet.get_pose_net(cfg, is_train=False)
    generator = unet.UnetGenerator(9, 3, generator_levels(h, w))
    if a.channels_last:  # their modules unchanged, only stored in PyTorch's channels_last memory format
        model, teacher, generator = (m.to(memory_format=torch.channels_last) for m in (model, teacher, generator))
    if a.fused_adam:
        optimizer = torch.optim.Adam(model.parameters(), 1e-3, fused=True)
        optimizer_g = torch.optim.Adam(generator.parameters(), 1e-3, fused=True)
    else:
        optimizer, optimizer_g = get_optimizer(cfg, model), get_optimizer(cfg, generator)
    g = torch.Generator().manual_seed(1)
    n = a.batch
    inputs = [torch.rand(n, 3, h, w, generator=g) * 4.5 - 2 for _ in range(3)]
    if a.channels_last:
        inputs = [x.contiguous(memory_format=torch.channels_last) for x in inputs]
    target = torch.rand(n, 17, h // 4, w // 4, generator=g)
    weight = torch.ones(n, 17, 1)
    loader = [(inputs, [target] * 3, [weight] * 3, [{}] * 3)]
    crit = criterion_for("MSE")
    args = ns(alpha=0.1, adv_loss_weight=1.0)
    seconds = []
    for i in range(a.warmup + a.steps):
        if i == a.warmup:
            counters = process_counters.snapshot()
        start = time.perf_counter()
        train_advmix(cfg, args, loader, [model, generator, teacher], crit, [optimizer, optimizer_g], 0, "", "",
                     {"writer": NullWriter(), "train_global_steps": 0})
        if i >= a.warmup:
            seconds.append(time.perf_counter() - start)
    s = sorted(seconds)
    median = s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2
    print(json.dumps({"torch": torch.__version__, "architecture": a.arch, "method": "advmix (official train_advmix)",
                      "batch": n, "input": a.input, "fused_adam": a.fused_adam, "channels_last": a.channels_last,
                      "thp_mem_alloc": os.environ.get("THP_MEM_ALLOC_ENABLE", "0"),
                      "seconds_per_step": round(median, 4), "steps": len(seconds),
                      **process_counters.per(counters, a.steps, "step")}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--official", required=True, help="checkout of AIprogrammer/AdvMix")
    p.add_argument("--threads", type=int, default=2)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("steps", help="replay a trace-steps directory")
    s.add_argument("--trace", required=True)
    s.add_argument("--steps", type=int, default=0, help="replay only the first N steps (0: all)")
    s.add_argument("--out", help="comparison JSON (default: TRACE/official-comparison.json)")
    s.add_argument("--double", action="store_true",
                   help="run the official step in float64: how far float32 rounding alone moves its trajectory")
    t = sub.add_parser("train", help="train with the official pipeline from a robustpose checkpoint")
    t.add_argument("--images", required=True)
    t.add_argument("--annotations", required=True, help="COCO-format keypoint annotations")
    t.add_argument("--arch", default="simplebaseline-resnet18", choices=sorted(ARCH_LAYERS))
    t.add_argument("--method", default="advmix", choices=["advmix", "standard"])
    t.add_argument("--init", required=True, help="robustpose checkpoint (official keys)")
    t.add_argument("--teacher", help="teacher checkpoint (default: --init)")
    t.add_argument("--input", default="256x192", help="HEIGHTxWIDTH")
    t.add_argument("--epochs", type=int, required=True)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--lr-steps", default="", help="epochs of the x0.1 drops, e.g. 90,120")
    t.add_argument("--loss", default="smoothl1", choices=["smoothl1", "mse"])
    t.add_argument("--kd-alpha", type=float, default=0.1)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--workers", type=int, default=0, help="DataLoader worker processes")
    t.add_argument("--out", required=True)
    m = sub.add_parser("time", help="time the official AdvMix iteration on synthetic batches")
    m.add_argument("--arch", default="simplebaseline-resnet50", choices=sorted(ARCH_LAYERS))
    m.add_argument("--input", default="256x192", help="HEIGHTxWIDTH")
    m.add_argument("--batch", type=int, default=8)
    m.add_argument("--warmup", type=int, default=2, help="as `robustpose bench train`")
    m.add_argument("--steps", type=int, default=5, help="as `robustpose bench train`")
    m.add_argument("--fused-adam", action="store_true",
                   help="torch.optim.Adam(fused=True) for P and G (the kernel robustpose calls) instead of the "
                        "official get_optimizer's default Adam")
    m.add_argument("--channels-last", action="store_true",
                   help="P, teacher, generator and the images in PyTorch's channels_last memory format (as robustpose "
                        "runs its networks)")
    a = p.parse_args()
    install_shims(a.official)
    {"steps": steps_command, "train": train_command, "time": time_command}[a.command](a)


if __name__ == "__main__":
    main()
