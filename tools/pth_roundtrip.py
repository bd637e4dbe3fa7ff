"""The full-network check of import-weights: a robustpose checkpoint (safetensors, official key names) becomes
PyTorch .pth files as torch.save writes them — zip, legacy (_use_new_zipfile_serialization=False, as the official
HRNet/SimpleBaseline checkpoints), DataParallel's module. prefix, mmpose's backbone./keypoint_head. names inside
{'meta', 'state_dict'} — and, after `robustpose import-weights`, the result is compared tensor by tensor.

    python tools/pth_roundtrip.py write MODEL.safetensors OUTDIR      # writes OUTDIR/{zip,legacy,dataparallel,mmpose}.pth
    python tools/pth_roundtrip.py compare A.safetensors B.safetensors # exit 1 unless every tensor is bit-identical
"""
import collections
import json
import os
import struct
import sys

import numpy as np

DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = collections.OrderedDict()
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = np.frombuffer(data[a:b], dtype=DTYPES[v["dtype"]]).reshape(v["shape"])
    return out


def write(src, outdir):
    import torch
    os.makedirs(outdir, exist_ok=True)
    sd = collections.OrderedDict((k, torch.from_numpy(v.copy())) for k, v in read_safetensors(src).items())
    torch.save(sd, os.path.join(outdir, "zip.pth"))
    torch.save(sd, os.path.join(outdir, "legacy.pth"), _use_new_zipfile_serialization=False)
    torch.save(collections.OrderedDict(("module." + k, v) for k, v in sd.items()),
               os.path.join(outdir, "dataparallel.pth"), _use_new_zipfile_serialization=False)
    head = ("final_layer", "deconv_layers")
    mm = collections.OrderedDict((("keypoint_head." if k.startswith(head) else "backbone.") + k, v) for k, v in sd.items())
    torch.save({"meta": {"epoch": 210, "best": np.float64(0.7)}, "state_dict": mm}, os.path.join(outdir, "mmpose.pth"))
    print("torch", torch.__version__, "wrote", sorted(os.listdir(outdir)), len(sd), "tensors")


def compare(a, b):
    ta, tb = read_safetensors(a), read_safetensors(b)
    if list(ta) != list(tb):
        print("key sets differ:", set(ta) ^ set(tb))
        return 1
    bad = [k for k in ta if ta[k].shape != tb[k].shape or ta[k].tobytes() != tb[k].tobytes()]
    print(f"{len(ta)} tensors, {sum(v.size for v in ta.values())} values; differing: {len(bad)} {bad[:5]}")
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3]))
