"""Writes the small PyTorch checkpoint fixtures of TorchCheckpointTest with real torch.save (zip and legacy
formats, DataParallel and mmcv/mmpose layouts, views, strides, several dtypes) and a pickle that would run code.

    /work/pyref/bin/python tools/make_pth_fixtures.py pose-core/src/test/resources/pth
"""
import collections
import json
import os
import sys

import numpy as np
import torch

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

base = torch.arange(20, dtype=torch.float32) * 0.25 - 2.0
sd = collections.OrderedDict()
sd["conv.weight"] = (torch.arange(4 * 3 * 3 * 3, dtype=torch.float32) * 0.01 - 0.5).reshape(4, 3, 3, 3)
sd["bn.running_mean"] = torch.tensor([0.5, -1.25, 3.0, 1e-7])
sd["bn.num_batches_tracked"] = torch.tensor(12345, dtype=torch.int64)
sd["fc.weight"] = (torch.arange(15, dtype=torch.float32) / 7).reshape(5, 3).t()  # non-contiguous [3, 5]
sd["half"] = torch.tensor([0.5, -2.0, 65504.0, 6.1e-5, 0.1, 3.14159], dtype=torch.float16)
sd["double"] = torch.tensor([[1.0 / 3, -2.5], [1e-30, 7.0]], dtype=torch.float64)
sd["shared_a"] = base[2:8]                       # views of one storage, at offsets
sd["shared_b"] = base[10:20].view(2, 5)
sd["bias_param"] = torch.nn.Parameter(torch.tensor([1.5, -0.5]))  # saved as a Parameter
sd["bf16"] = torch.tensor([1.0, -3.5, 0.15625], dtype=torch.bfloat16)

expected = {k: {"shape": list(v.shape), "values": [float(x) for x in v.detach().reshape(-1).to(torch.float64).tolist()]}
            for k, v in sd.items()}
expected["bf16"]["values"] = [float(x) for x in sd["bf16"].float().tolist()]

torch.save(sd, os.path.join(out, "state_dict_zip.pth"))
torch.save(sd, os.path.join(out, "state_dict_legacy.pth"), _use_new_zipfile_serialization=False)

dp = collections.OrderedDict(("module." + k, v) for k, v in sd.items())
torch.save(dp, os.path.join(out, "dataparallel_legacy.pth"), _use_new_zipfile_serialization=False)

# mmcv/mmpose: {'meta': ..., 'state_dict': {backbone.* / keypoint_head.*}} with numpy values in meta
mm = collections.OrderedDict()
mm["backbone.conv1.weight"] = sd["conv.weight"]
mm["backbone.layer1.0.bn1.running_mean"] = sd["bn.running_mean"]
mm["keypoint_head.final_layer.weight"] = sd["fc.weight"]
torch.save({"meta": {"epoch": 210, "iter": 123, "mmcv_version": "1.3.8", "config": "model = dict(type='TopDown')",
                     "best_score": np.float64(0.7215), "shape": np.array([1, 2])},
            "state_dict": mm, "optimizer": {"state": {}, "param_groups": [{"lr": 1e-3}]}},
           os.path.join(out, "mmpose_zip.pth"))
expected["mmpose"] = {"conv1.weight": "conv.weight", "layer1.0.bn1.running_mean": "bn.running_mean",
                      "final_layer.weight": "fc.weight"}


class RunsCode:
    def __reduce__(self):
        return (os.system, ("echo this pickle ran a shell command",))


torch.save({"weight": torch.zeros(2), "payload": RunsCode()}, os.path.join(out, "runs_code.pth"))

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump({"torch": torch.__version__, "tensors": expected}, f, indent=1)
print("written to", out, sorted(os.listdir(out)))
