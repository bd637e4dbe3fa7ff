#!/usr/bin/env python3
"""Writes numpy's float64 exp for the fixed inputs of the official corruptions' kernels.

numpy's exp on AVX-512 machines is its own SIMD code (the SVML builds of numpy 1.22+), not the C library's:
for example exp(-2) comes out 0x1.152aaa3bf81cbp-3 where the correctly rounded value (glibc, Java) is
...cc. The golden COCO-C arrays were made with such a numpy, and a last bit in a Gaussian kernel weight
moves a few uint8 truncations. These are the inputs whose kernels do not depend on the image size:
skimage/scipy Gaussian kernels (exp(-0.5 / sigma**2 * x**2), truncate 4) of glass_blur, gaussian_blur and
spatter, and imagecorruptions' motion-blur kernels (exp(-x**2 / (2 * sigma**2))) of motion_blur and snow.

Run with the numpy of the reference (1.24.x wheels reproduce the golden arrays):
    python3 tools/numpy_exp_table.py > pose-core/src/main/resources/io/robustpose/core/corruption/official/numpy-exp.txt
"""
import numpy as np

inputs = set()
for sigma in [0.7, 0.9, 1, 1.1, 1.5] + [1, 2, 3, 4, 6] + [4, 3, 2, 1, 1.5]:
    radius = int(4.0 * float(sigma) + 0.5)
    x = np.arange(-radius, radius + 1)
    inputs.update((-0.5 / (sigma * sigma) * x ** 2).tolist())
for radius, sigma in [(10, 3), (15, 5), (15, 8), (15, 12), (20, 15), (10, 4), (12, 4), (12, 8), (12, 12)]:
    x = np.arange(radius * 2 + 1)
    inputs.update((- x ** 2 / (2 * (sigma ** 2))).tolist())
xs = np.array(sorted(inputs), dtype=np.float64)
ys = np.exp(xs)
print("# numpy %s float64 exp: input output (hex); tools/numpy_exp_table.py" % np.__version__)
for x, y in zip(xs, ys):
    print(float(x).hex(), float(y).hex())
