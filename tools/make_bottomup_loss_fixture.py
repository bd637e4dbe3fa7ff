"""Writes the fixture of BottomUpLossTest: the official HigherHRNet training loss (lib/core/loss.py of
HRNet/HigherHRNet-Human-Pose-Estimation, imported from a read-only mirror and run unmodified, with the
w32_512 config's LOSS section) on deterministic inputs, with its value per term and its gradient with respect to
both network outputs.

    /work/pyref/bin/python tools/make_bottomup_loss_fixture.py MIRROR pose-core/src/test/resources/bottomup-loss

MIRROR: a checkout (or `git worktree`/export) of HigherHRNet @ aa23881 whose lib/ is importable.
"""
import json
import os
import sys
import types

import numpy as np
import torch

mirror, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(mirror, "lib"))
# loss.py's make_input moves the zero loss of an image with fewer than two people to CUDA; on this CPU-only torch
# that is the identity
torch.Tensor.cuda = lambda self, *args, **kwargs: self
from core.loss import MultiLossFactory  # noqa: E402  (the official module, unmodified)

cfg = types.SimpleNamespace(
    MODEL=types.SimpleNamespace(NUM_JOINTS=17),
    LOSS=types.SimpleNamespace(NUM_STAGES=2, AE_LOSS_TYPE="exp", WITH_AE_LOSS=[True, False],
                               PUSH_LOSS_FACTOR=[0.001, 0.001], PULL_LOSS_FACTOR=[0.001, 0.001],
                               WITH_HEATMAPS_LOSS=[True, True], HEATMAPS_LOSS_FACTOR=[1.0, 1.0]))
# yacs nodes answer item access too; the factory reads cfg.LOSS.X only
factory = MultiLossFactory(cfg)

rng = np.random.default_rng(20261203)
N, J, H0, W0 = 2, 17, 12, 16
H1, W1 = 2 * H0, 2 * W0
P = 30  # MAX_NUM_PEOPLE
out0 = torch.tensor(rng.normal(0, 1, (N, 2 * J, H0, W0)).astype(np.float32), requires_grad=True)
out1 = torch.tensor(rng.normal(0, 1, (N, J, H1, W1)).astype(np.float32), requires_grad=True)
hm0 = torch.tensor(rng.uniform(0, 1, (N, J, H0, W0)).astype(np.float32))
hm1 = torch.tensor(rng.uniform(0, 1, (N, J, H1, W1)).astype(np.float32))
mask0 = torch.tensor((rng.uniform(0, 1, (N, H0, W0)) > 0.2).astype(np.float32))
mask1 = torch.tensor((rng.uniform(0, 1, (N, H1, W1)) > 0.2).astype(np.float32))
# joints: [N, P, J, 2] = (index into the flattened J×H×W tag map, visible); image 0 has 3 people, image 1 one
joints = np.zeros((N, P, J, 2), dtype=np.int64)
people = [3, 1]
for n in range(N):
    for p in range(people[n]):
        for j in range(J):
            if rng.uniform() < 0.75:
                y, x = rng.integers(0, H0), rng.integers(0, W0)
                joints[n, p, j] = (j * H0 * W0 + y * W0 + x, 1)
joints_t = torch.tensor(joints)

heat, push, pull = factory([out0, out1], [hm0, hm1], [mask0, mask1], [joints_t, joints_t])
loss = 0
terms = {}
for i in range(2):
    terms[f"heatmaps_{i}"] = heat[i].mean(dim=0).item()
    loss = loss + heat[i].mean(dim=0)
    if push[i] is not None:
        terms[f"push_{i}"] = push[i].mean(dim=0).item()
        terms[f"pull_{i}"] = pull[i].mean(dim=0).item()
        loss = loss + push[i].mean(dim=0) + pull[i].mean(dim=0)
loss = loss.reshape(())
loss.backward()

os.makedirs(out, exist_ok=True)
for name, t in [("out0", out0.detach()), ("out1", out1.detach()), ("hm0", hm0), ("hm1", hm1), ("mask0", mask0),
                ("mask1", mask1), ("grad0", out0.grad), ("grad1", out1.grad)]:
    t.numpy().astype("<f4").tofile(os.path.join(out, name + ".f32"))
json.dump({"what": "official HigherHRNet MultiLossFactory (w32_512 LOSS config) on these inputs; loss = sum over "
                   "stages of the batch means, as lib/core/trainer.py adds them",
           "torch": torch.__version__, "N": N, "J": J, "H0": H0, "W0": W0, "H1": H1, "W1": W1, "P": P,
           "joints": joints.tolist(), "terms": terms, "loss": loss.item()},
          open(os.path.join(out, "expected.json"), "w"), indent=1)
print(terms, loss.item())
