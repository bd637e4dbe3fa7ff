"""Writes pose-core's bundled TorchScript module of libtorch kernels that DJL 0.36 does not expose
(pose-core/src/main/resources/io/robustpose/core/device/torch-kernels.pt, read by core.device.TorchKernels).

  python3 tools/make_torch_kernels.py pose-core/src/main/resources/io/robustpose/core/device

The module holds no tensors, only methods calling ATen operators by name:
- adam: torch._fused_adam_ (the single-pass kernel behind torch.optim.Adam(fused=True); on the CPU since
  PyTorch 2.4, so in DJL 0.36's libtorch 2.7.1), then torch._foreach_zero_ of the gradients; it first checks that
  each parameter, its gradient and its moments share one memory layout (the kernel assumes it);
- relu_: the in-place ReLU of nn.ReLU(inplace=True), which pose_resnet.py and HRNet use;
- conv_transpose_4x4: F.conv_transpose2d(x, w, stride=2, padding=1), the nn.ConvTranspose2d(kernel_size=4, stride=2,
  padding=1, output_padding=0, bias=False) of pose_resnet.py's and HigherHRNet's deconvolution layers (DJL has no
  transposed convolution);
- is_channels_last: whether a tensor is stored in the channels_last memory format (tests of core.model.MemoryFormat).
Made with PyTorch 2.13 here; the archive's code is TorchScript source text, loaded by libtorch 2.7.1 (its
file-format version, 3, is older than both).
"""
import pathlib
import sys
from typing import List

import torch


class TorchKernels(torch.nn.Module):
    @torch.jit.export
    def adam(self, params: List[torch.Tensor], grads: List[torch.Tensor], exp_avgs: List[torch.Tensor],
             exp_avg_sqs: List[torch.Tensor], step: torch.Tensor, lr: float, beta1: float, beta2: float,
             eps: float) -> int:
        # the kernel walks parameter, gradient and both moments in memory order: all four must share one layout (a
        # channels-last kernel with contiguous moments would pair up the wrong elements, silently)
        for i in range(len(params)):
            p = params[i]
            for other in [grads[i], exp_avgs[i], exp_avg_sqs[i]]:
                if other.size() != p.size():
                    raise RuntimeError("adam: parameter " + str(i) + " has shape " + str(p.size()) + " but its "
                                       + "gradient or moment " + str(other.size()))
                for d in range(p.dim()):
                    if p.size(d) > 1 and other.stride(d) != p.stride(d):
                        raise RuntimeError("adam: parameter " + str(i) + " has strides " + str(p.stride())
                                           + " but its gradient or moment " + str(other.stride()))
        steps = [step for _ in params]  # the kernel reads each parameter's step count; all are equal here
        torch._fused_adam_(params, grads, exp_avgs, exp_avg_sqs, [], steps, lr=lr, beta1=beta1, beta2=beta2,
                           weight_decay=0.0, eps=eps, amsgrad=False, maximize=False)
        torch._foreach_zero_(grads)
        return len(params)

    @torch.jit.export
    def relu_(self, x: torch.Tensor) -> torch.Tensor:
        return x.relu_()

    @torch.jit.export
    def conv_transpose_4x4(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.conv_transpose2d(x, w, stride=2, padding=1)

    @torch.jit.export
    def is_channels_last(self, x: torch.Tensor) -> bool:
        return x.is_contiguous(memory_format=torch.channels_last)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


def main(out_dir):
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    torch.jit.script(TorchKernels()).save(str(out / "torch-kernels.pt"))


if __name__ == "__main__":
    main(sys.argv[1])
