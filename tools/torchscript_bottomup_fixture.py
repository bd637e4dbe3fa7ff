"""Writes the bottom-up export fixture of pose-core: a tiny network with HigherHRNet's output contract (not a
trained model) exported as TorchScript (and as ONNX where this PyTorch can), the input it was checked on and
PyTorch's two outputs.

Run: python3 tools/torchscript_bottomup_fixture.py pose-core/src/test/resources/torchscript-bottomup
Outputs as pose_higher_hrnet.py's final_outputs: [1, 34, H/4, W/4] (17 heatmaps, then 17 tags) and
[1, 17, H/2, W/2] (heatmaps after a ConvTranspose 4x4/2 on the 1/4 features concatenated with the first output).
Traced at 64x64, checked at 64x128 (height and width are dynamic, as the bottom-up test needs).
Files: tiny_higher.pt, tiny_higher.onnx (if exported), input.f32 ([1,3,64,128]), out0.f32, out1.f32 — raw
little-endian float32, row-major.
"""
import math
import pathlib
import struct
import sys

import torch
from torch import nn


class TinyHigher(nn.Module):
    def __init__(self, joints=17):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
            nn.Conv2d(16, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.final0 = nn.Conv2d(16, 2 * joints, 1)
        self.deconv = nn.Sequential(
            nn.ConvTranspose2d(16 + 2 * joints, 16, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.final1 = nn.Conv2d(16, joints, 1)

    def forward(self, x):
        f = self.stem(x)
        y0 = self.final0(f)
        y1 = self.final1(self.deconv(torch.cat((f, y0), 1)))
        return y0, y1


def formula(n, c, h, w):
    values = [math.sin(0.013 * (j + 1)) + 0.4 * math.cos(0.0031 * (j + 1)) for j in range(n * c * h * w)]
    return torch.tensor(values, dtype=torch.float32).reshape(n, c, h, w)


def raw(t):
    return struct.pack("<%df" % t.numel(), *t.flatten().tolist())


def main(out_dir):
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(11)
    model = TinyHigher()
    with torch.no_grad():  # non-trivial BatchNorm statistics, so eval mode is visible in the output
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
    model.eval()
    traced = torch.jit.trace(model, formula(1, 3, 64, 64))
    traced.save(str(out / "tiny_higher.pt"))
    x = formula(1, 3, 64, 128)
    with torch.no_grad():
        y0, y1 = model(x)
        t0, t1 = traced(x)
    assert torch.equal(y0, t0) and torch.equal(y1, t1), "the trace does not generalise to 64x128"
    try:
        torch.onnx.export(model, formula(1, 3, 64, 64), str(out / "tiny_higher.onnx"), dynamo=False,
                          input_names=["image"], output_names=["out0", "out1"], opset_version=17,
                          dynamic_axes={"image": {2: "h", 3: "w"}, "out0": {2: "h4", 3: "w4"},
                                        "out1": {2: "h2", 3: "w2"}})
    except Exception as e:  # the exporter may need the onnx package
        print("no ONNX export:", e)
    (out / "input.f32").write_bytes(raw(x))
    (out / "out0.f32").write_bytes(raw(y0))
    (out / "out1.f32").write_bytes(raw(y1))
    print("torch", torch.__version__, "outputs", tuple(y0.shape), tuple(y1.shape))


if __name__ == "__main__":
    main(sys.argv[1])
