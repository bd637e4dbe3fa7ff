"""Sums a profiler trace per operator: self time (an operator's time minus that of the operators it called) and
calls, per measured step — to compare robustpose's training step with PyTorch's where oneDNN's own timings
(tools/onednn_steps.py) cannot see: batch norm, element-wise kernels, copies, the optimizer, autograd's own work.

  bin/robustpose bench train --arch simplebaseline-resnet50 --steps 7 --trace /tmp/rp.json
  python tools/pytorch_sbl_train_step.py --channels-last --trace /tmp/pt.json
  python3 tools/op_profile.py --steps 7 robustpose=/tmp/rp.json pytorch=/tmp/pt.json

Both traces are Chrome trace JSON from libtorch's autograd profiler (DJL's JniUtils.startProfile, PyTorch's
torch.autograd.profiler.profile). Operators are matched by name; the table lists the largest differences first.
"""
import argparse
import collections
import json


def self_times(path):
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    by_thread = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            by_thread[(e.get("pid"), e.get("tid"))].append(e)
    calls = collections.Counter()
    selfs = collections.defaultdict(float)
    for evs in by_thread.values():
        evs.sort(key=lambda e: (e["ts"], -e["dur"]))  # a parent before the operators it called
        stack = []  # (end, name) of the operators enclosing the current one
        for e in evs:
            start, end = e["ts"], e["ts"] + e["dur"]
            while stack and stack[-1][0] <= start:
                stack.pop()
            if stack:
                selfs[stack[-1][1]] -= e["dur"]
            selfs[e["name"]] += e["dur"]
            calls[e["name"]] += 1
            stack.append((end, e["name"]))
    return selfs, calls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, required=True, help="measured steps in each trace")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("traces", nargs="+", help="label=trace.json")
    a = ap.parse_args()
    labels, tables = [], []
    for t in a.traces:
        label, path = t.split("=", 1)
        labels.append(label)
        tables.append(self_times(path))
    names = set()
    for selfs, _ in tables:
        names |= set(selfs)
    rows = []
    for n in names:
        ms = [selfs.get(n, 0.0) / 1000 / a.steps for selfs, _ in tables]
        cs = [calls.get(n, 0) / a.steps for _, calls in tables]
        rows.append((n, ms, cs))
    rows.sort(key=lambda r: -(max(r[1]) - min(r[1])) if len(r[1]) > 1 else -r[1][0])
    print("ms/step self time (calls/step)")
    print(f"{'operator':48s}" + "".join(f"{l:>22s}" for l in labels))
    print(f"{'all':48s}" + "".join(f"{sum(s.values()) / 1000 / a.steps:14.1f}{'':8s}" for s, _ in tables))
    for n, ms, cs in rows[:a.top]:
        print(f"{n[:48]:48s}" + "".join(f"{m:14.1f} ({c:5.0f})" for m, c in zip(ms, cs)))


if __name__ == "__main__":
    main()
