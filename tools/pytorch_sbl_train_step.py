"""PyTorch's training-step time for SimpleBaseline ResNet-50 (256x192, batch 8, Adam, MSE), to compare
with `robustpose bench train --arch simplebaseline-resnet50 --batch 8 --input 256x192` back to back
on the same machine. The network follows pose_resnet.py (Bottleneck ResNet-50, three 4x4 stride-2
ConvTranspose2d of 256 channels, 1x1 head); 2 threads; median of 7 steps after 3 warm-up steps.

Run with any CPU PyTorch: python3 tools/pytorch_sbl_train_step.py [--fused-adam] [--channels-last]
--fused-adam uses torch.optim.Adam(fused=True) (the kernel robustpose's AdamOptimizer calls) instead of the
default implementation, which on the CPU is the per-parameter loop. --channels-last puts the network's weights and
the input in PyTorch's channels_last memory format (NHWC strides), in which oneDNN convolves without converting
every activation to its blocked layout and back.
"""
import argparse
import contextlib
import json
import time

import torch
import torch.nn as nn

import process_counters  # tools/, beside this script

torch.set_num_threads(2)


class Bottleneck(nn.Module):
    def __init__(self, inp, planes, stride=1, down=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.down = down

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + (x if self.down is None else self.down(x)))


class SimpleBaseline50(nn.Module):
    def __init__(self, joints=17):
        super().__init__()
        self.inp = 64
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
                                  nn.MaxPool2d(3, 2, 1))
        self.layers = nn.Sequential(self._layer(64, 3), self._layer(128, 4, 2), self._layer(256, 6, 2), self._layer(512, 3, 2))
        deconv, channels = [], 2048
        for _ in range(3):
            deconv += [nn.ConvTranspose2d(channels, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.ReLU(inplace=True)]
            channels = 256
        self.deconv = nn.Sequential(*deconv)
        self.final = nn.Conv2d(256, joints, 1)

    def _layer(self, planes, blocks, stride=1):
        down = None
        if stride != 1 or self.inp != planes * 4:
            down = nn.Sequential(nn.Conv2d(self.inp, planes * 4, 1, stride, bias=False), nn.BatchNorm2d(planes * 4))
        layers = [Bottleneck(self.inp, planes, stride, down)]
        self.inp = planes * 4
        layers += [Bottleneck(self.inp, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        return self.final(self.deconv(self.layers(self.stem(x))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fused-adam", action="store_true")
    ap.add_argument("--channels-last", action="store_true")
    ap.add_argument("--trace", help="write the autograd profiler's Chrome trace of the measured steps here "
                                    "(as robustpose's bench train --trace; tools/op_profile.py sums both)")
    a = ap.parse_args()
    model = SimpleBaseline50()
    x = torch.randn(8, 3, 256, 192)
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), 1e-3, **({"fused": True} if a.fused_adam else {}))
    target = torch.rand(8, 17, 64, 48)

    def step():
        opt.zero_grad()
        loss = ((model(x) - target) ** 2).mean() * 0.5
        loss.backward()
        opt.step()

    for _ in range(3):
        step()
    times = []
    counters = process_counters.snapshot()
    profiler = torch.autograd.profiler.profile(record_shapes=True) if a.trace else contextlib.nullcontext()
    with profiler:
        for _ in range(7):
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
    if a.trace:
        profiler.export_chrome_trace(a.trace)
    print(json.dumps({"torch": torch.__version__, "fused_adam": a.fused_adam, "channels_last": a.channels_last,
                      "seconds_per_step": round(sorted(times)[3], 4), **process_counters.per(counters, len(times), "step")}))


if __name__ == "__main__":
    main()
