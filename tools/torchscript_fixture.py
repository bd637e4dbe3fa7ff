"""Writes the TorchScript test fixture of pose-core (a tiny heatmap network, not a trained model).

Run with any PyTorch able to trace: python3 tools/torchscript_fixture.py pose-core/src/test/resources/torchscript
It saves tiny_pose.pt (traced, eval mode, 17 heatmaps at 1/4 of a 64x48 input), the input it was
checked on (input.f32) and PyTorch's output (expected.f32), both raw little-endian float32 NCHW.
"""
import math
import pathlib
import struct
import sys

import torch
from torch import nn


class TinyPose(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 17, 1))

    def forward(self, x):
        return self.body(x)


def main(out_dir):
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(7)
    model = TinyPose()
    with torch.no_grad():  # non-trivial BatchNorm statistics, so eval mode is visible in the output
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
    model.eval()
    n, c, h, w = 2, 3, 64, 48
    values = [math.sin(0.011 * (j + 1)) + 0.5 * math.cos(0.007 * (j + 1) * (b + 1))
              for b in range(n) for j in range(c * h * w)]
    x = torch.tensor(values, dtype=torch.float32).reshape(n, c, h, w)
    traced = torch.jit.trace(model, x)
    traced.save(str(out / "tiny_pose.pt"))
    with torch.no_grad():
        y = model(x)
    (out / "input.f32").write_bytes(struct.pack("<%df" % x.numel(), *x.flatten().tolist()))
    (out / "expected.f32").write_bytes(struct.pack("<%df" % y.numel(), *y.flatten().tolist()))
    print("torch", torch.__version__, "output", tuple(y.shape))


if __name__ == "__main__":
    main(sys.argv[1])
