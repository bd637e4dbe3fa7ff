"""PyTorch's inference throughput for SimpleBaseline ResNet-50 (256x192, batch 32), to compare with
`robustpose bench inference --arch simplebaseline-resnet50 --batch 32 --input 256x192` back to back on the same
machine. The network is tools/pytorch_sbl_train_step.py's (pose_resnet.py's layers); eval mode, torch.no_grad,
2 threads, random input; median of --iterations forwards after --warmup.

  python3 tools/pytorch_sbl_inference.py [--batch 32] [--iterations 5] [--warmup 2] [--channels-last]

--channels-last: weights in channels_last memory format, each batch converted to it inside the timed forward (as
robustpose's networks convert their input).

Prints one JSON line: images_per_second, median_seconds_per_batch, torch version.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_sbl_train_step import SimpleBaseline50  # noqa: E402
import process_counters  # noqa: E402

torch.set_num_threads(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--channels-last", action="store_true")
    a = ap.parse_args()
    model = SimpleBaseline50().eval()
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
    times = []
    with torch.no_grad():
        for i in range(a.warmup + a.iterations):
            if i == a.warmup:
                counters = process_counters.snapshot()
            x = torch.rand(a.batch, 3, 256, 192) * 2 - 1
            start = time.perf_counter()
            if a.channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            model(x).numpy()
            if i >= a.warmup:
                times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(json.dumps({"torch": torch.__version__, "batch": a.batch, "channels_last": a.channels_last, "images_per_second": a.batch / median,
                      "median_seconds_per_batch": median, "seconds": times,
                      **process_counters.per(counters, a.iterations, "batch")}))


if __name__ == "__main__":
    main()
