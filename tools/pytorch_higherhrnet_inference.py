"""The official HigherHRNet-W32 (512x512) forward pass timed in PyTorch, to compare with
`robustpose bench inference --arch higherhrnet-w32 --input 512x512 --batch 1` back to back on the same machine.

The network is the authors' own lib/models/pose_higher_hrnet.py, imported from a checkout of
github.com/HRNet/HigherHRNet-Human-Pose-Estimation and built with get_pose_net(cfg, is_train=False) from its
experiments/coco/higher_hrnet/w32_512_adam_lr1e-3.yaml (PyYAML into an attribute dict, in place of yacs);
eval mode, torch.no_grad, 2 threads, random input; median of --iterations forwards after --warmup.

  python3 tools/pytorch_higherhrnet_inference.py --higherhrnet REPO [--iterations 5] [--warmup 2]

Prints one JSON line: images_per_second, median_seconds_per_batch, parameters, torch version.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import yaml

import process_counters  # tools/, beside this script


class Attr(dict):
    """A read-only attribute view of a YAML mapping (what the model reads of yacs' CfgNode)."""

    def __getattr__(self, name):
        value = self[name]
        return Attr(value) if isinstance(value, dict) else value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--higherhrnet', required=True)
    ap.add_argument('--iterations', type=int, default=5)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--input', type=int, default=512)
    a = ap.parse_args()
    torch.set_num_threads(2)
    sys.path.insert(0, os.path.join(a.higherhrnet, 'lib'))
    from models.pose_higher_hrnet import get_pose_net  # the official module, unmodified
    with open(os.path.join(a.higherhrnet, 'experiments/coco/higher_hrnet/w32_512_adam_lr1e-3.yaml')) as f:
        cfg = yaml.safe_load(f)
    cfg['MODEL'].setdefault('NUM_JOINTS', cfg['DATASET'].get('NUM_JOINTS', 17))
    cfg['MODEL']['EXTRA']['DECONV'].setdefault('NUM_DECONVS', 1)
    cfg.setdefault('VERBOSE', False)
    model = get_pose_net(Attr(cfg), is_train=False).eval()
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    x = torch.rand(1, 3, a.input, a.input) * 2 - 1
    times = []
    with torch.no_grad():
        for i in range(a.warmup + a.iterations):
            if i == a.warmup:
                counters = process_counters.snapshot()
            t0 = time.perf_counter()
            out = model(x)
            _ = [o.sum().item() for o in out]
            if i >= a.warmup:
                times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(json.dumps({'images_per_second': 1 / med, 'median_seconds_per_batch': med, 'seconds_per_batch': times,
                      'parameters': params, 'torch': torch.__version__,
                      **process_counters.per(counters, a.iterations, 'batch')}))


if __name__ == '__main__':
    main()
