#!/usr/bin/env python3
"""Per-step oneDNN primitive times from ONEDNN_VERBOSE=1 output, to compare two engines' convolutions.

Both robustpose (DJL's libtorch) and PyTorch run their CPU convolutions through oneDNN, which logs every primitive it
executes (kind, implementation, propagation, shape, milliseconds) when ONEDNN_VERBOSE=1. A training step starts at
the network's first convolution (3 input channels); the last complete steps are summed by primitive kind,
implementation and propagation, so the two engines' convolutions, deconvolutions and layout reorders can be set
side by side (what the libtorch profiler calls "convolution" also holds the reorders and the output allocation):

    ONEDNN_VERBOSE=1 bin/robustpose bench train --arch simplebaseline-resnet50 --warmup 2 --steps 1 > rp.txt 2>&1
    ONEDNN_VERBOSE=1 python tools/pytorch_sbl_train_step.py > pt.txt 2>&1
    python3 tools/onednn_steps.py rp.txt pt.txt

The logging itself slows the primitives a little; compare the two engines, not these times with a benchmark's.
"""
import argparse
import collections


def steps(path, first_layer):
    """Lists of exec records (split fields), one list per training step."""
    out, current = [], None
    with open(path, errors="replace") as f:
        for line in f:
            if not line.startswith("onednn_verbose,v1,primitive,exec"):
                continue
            r = line.strip().split(",")
            if r[5] == "convolution" and r[7] == "forward_training" and first_layer in r[-2]:
                current = []
                out.append(current)
            if current is not None:
                current.append(r)
    return out


def version(path):
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("onednn_verbose,v1,info,oneDNN"):
                return line.strip().split(",", 3)[3]
    return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("logs", nargs="+")
    ap.add_argument("--last", type=int, default=2, help="how many of the last steps to show")
    ap.add_argument("--first-layer", default="ic3oc64", help="shape text of the network's first convolution")
    args = ap.parse_args()
    for path in args.logs:
        found = steps(path, args.first_layer)
        print(f"{path}: {version(path)}, {len(found)} steps")
        for i in range(max(0, len(found) - args.last), len(found)):
            by = collections.defaultdict(lambda: [0, 0.0])
            for r in found[i]:
                by[(r[5], r[6], r[7])][0] += 1
                by[(r[5], r[6], r[7])][1] += float(r[-1])
            kinds = collections.defaultdict(float)
            for (kind, _, _), (_, ms) in by.items():
                kinds[kind] += ms
            print(f"  step {i}: {sum(v[1] for v in by.values()):.1f} ms in oneDNN ("
                  + ", ".join(f"{k} {ms:.1f}" for k, ms in sorted(kinds.items(), key=lambda kv: -kv[1])) + ")")
            for (kind, impl, prop), (n, ms) in sorted(by.items(), key=lambda kv: -kv[1][1]):
                print(f"    {kind:<14} {impl:<52} {prop:<17} {n:>4} × {ms:8.1f} ms")


if __name__ == "__main__":
    main()
