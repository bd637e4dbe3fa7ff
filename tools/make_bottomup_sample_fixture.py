"""Bottom-up training samples made by the official HigherHRNet data pipeline, for BottomUpSampleParityTest.

Runs HigherHRNet's own CocoKeypoints.__getitem__ (lib/dataset/COCOKeypoints.py with its COCODataset, the
RandomAffineTransform + RandomHorizontalFlip training transforms of lib/dataset/transforms and the
HeatmapGenerator / JointsGenerator of lib/dataset/target_generators) on the real COCO images in
../shared/realdata/coco, with the random draws fixed per case (np.random.random, np.random.randint and
random.random patched) so that Java can make the same draw. One crowd annotation with a compressed RLE is
added to the first image so that the crowd mask path is exercised too.

  python3 -m venv /tmp/hh && /tmp/hh/bin/pip install numpy opencv-python-headless==4.14.0.94 pycocotools torch

OpenCV 4 on purpose: OpenCV 5.0 changed warpAffine's bilinear rounding (up to 4 grey levels on these images,
6.8 % of the values); HigherHRNet's requirements.txt names an unpinned opencv-python of its time (3.4 / 4.x),
whose warp OpenCV 4.14 and robustpose's OpenCV 4.9 share.
  /tmp/hh/bin/python tools/make_bottomup_sample_fixture.py --higherhrnet REPO --realdata ../shared/realdata/coco \
      --out pose-core/src/test/resources/bottomup/samples

REPO is a checkout of github.com/HRNet/HigherHRNet-Human-Pose-Estimation (read, not copied: its modules are
imported from there). Writes cases.json (per case: image, input size, the draw, SHA-256 of the warped RGB
image) and per case gzipped little-endian arrays: heatmaps at both resolutions (float32), masks (float32),
tag indices (int32 [30, 17, 2]).
"""
import argparse
import gzip
import hashlib
import importlib
import json
import os
import random
import shutil
import sys
import tempfile
import types

import numpy as np
import pycocotools.mask


def stub_modules(lib):
    sys.modules['json_tricks'] = json
    utils = types.ModuleType('utils')
    utils.zipreader = types.ModuleType('utils.zipreader')
    sys.modules['utils'] = utils
    sys.modules['utils.zipreader'] = utils.zipreader
    tv = types.ModuleType('torchvision')
    tv.transforms = types.ModuleType('torchvision.transforms')
    tv.transforms.functional = types.ModuleType('torchvision.transforms.functional')
    sys.modules['torchvision'] = tv
    sys.modules['torchvision.transforms'] = tv.transforms
    sys.modules['torchvision.transforms.functional'] = tv.transforms.functional
    # the dataset package without its __init__ (which imports CrowdPose tooling)
    m = types.ModuleType('dataset')
    m.__path__ = [os.path.join(lib, 'dataset')]
    sys.modules['dataset'] = m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--higherhrnet', required=True)
    ap.add_argument('--realdata', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--input', type=int, default=256)
    a = ap.parse_args()
    lib = os.path.join(a.higherhrnet, 'lib')
    stub_modules(lib)
    kp = importlib.import_module('dataset.COCOKeypoints')
    tr = importlib.import_module('dataset.transforms.transforms')
    tg = importlib.import_module('dataset.target_generators.target_generators')
    flip_index = [0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15]  # build.py FLIP_CONFIG['COCO']

    anns = json.load(open(os.path.join(a.realdata, 'test_coco.json')))
    first = anns['images'][0]
    box = np.zeros((first['height'], first['width']), dtype=np.uint8, order='F')
    box[300:380, 40:200] = 1
    rle = pycocotools.mask.encode(box)
    # COCO's crowd annotations carry uncompressed counts (a list; frPyObjects refuses the string form)
    flat = box.flatten(order='F')
    edges = np.flatnonzero(np.diff(np.concatenate([[0], flat, [1 - flat[-1]]])))
    counts = np.diff(np.concatenate([[0], edges])).tolist()
    anns['annotations'].append({'id': 9000001, 'image_id': first['id'], 'category_id': 1, 'iscrowd': 1,
                                'num_keypoints': 0, 'keypoints': [0] * 51, 'area': float(box.sum()),
                                'bbox': [40, 300, 160, 80],
                                'segmentation': {'size': [first['height'], first['width']], 'counts': counts}})
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, 'annotations.json'), 'w') as f:
        json.dump(anns, f)

    root = tempfile.mkdtemp()
    try:
        os.makedirs(os.path.join(root, 'annotations'))
        shutil.copy(os.path.join(a.out, 'annotations.json'),
                    os.path.join(root, 'annotations', 'person_keypoints_fixture.json'))
        os.makedirs(os.path.join(root, 'images'))
        os.symlink(os.path.abspath(a.realdata), os.path.join(root, 'images', 'fixture'))
        cfg = types.SimpleNamespace(DATASET=types.SimpleNamespace(
            ROOT=root, DATA_FORMAT='jpg', NUM_JOINTS=17, WITH_CENTER=False, SCALE_AWARE_SIGMA=False,
            BASE_SIGMA=2.0, BASE_SIZE=256.0, INT_SIGMA=False))
        outs = [a.input // 4, a.input // 2]
        transforms = tr.Compose([tr.RandomAffineTransform(a.input, outs, 30, 0.75, 1.5, 'short', 40),
                                 tr.RandomHorizontalFlip(flip_index, outs, 0.5)])
        ds = kp.CocoKeypoints(cfg, 'fixture', True,
                              [tg.HeatmapGenerator(o, 17, 2) for o in outs],
                              [tg.JointsGenerator(30, 17, o, True) for o in outs], transforms)
        # per case: (scale draw, rotation draw, dx, dy, flip draw)
        draws = [(0.5, 0.5, 0, 0, 0.9), (0.1, 0.85, 17, -23, 0.2), (0.95, 0.1, -40, 5, 0.7),
                 (0.3, 0.62, 3, 30, 0.1), (0.7, 0.3, -11, -2, 0.4)]
        cases = []
        for c, (us, ur, dx, dy, uf) in enumerate(draws):
            idx = c % len(ds)
            info = ds.coco.loadImgs(ds.ids[idx])[0]
            h, w = info['height'], info['width']
            seq = iter([us, ur])
            shifts = iter([dx, dy])
            np.random.random = lambda: next(seq)
            np.random.randint = lambda lo, hi: next(shifts)
            random.random = lambda: uf
            img, targets, masks, joints = ds[idx]
            scale = min(h, w) / 200 * (us * (1.5 - 0.75) + 0.75)
            case = {'image': info['file_name'], 'input': a.input, 'centerX': w / 2 + dx, 'centerY': h / 2 + dy,
                    'scale': scale, 'rotation': (ur * 2 - 1) * 30, 'flip': uf < 0.5,
                    'imageSha256': hashlib.sha256(np.ascontiguousarray(img, dtype=np.uint8).tobytes()).hexdigest()}
            for name, arr in [('heatmaps0', targets[0]), ('heatmaps1', targets[1]), ('mask0', masks[0]),
                              ('mask1', masks[1]), ('tags', joints[0])]:
                file = 'case%d_%s.bin.gz' % (c, name)
                dtype = '<i4' if name == 'tags' else '<f4'
                with gzip.GzipFile(os.path.join(a.out, file), 'wb', mtime=0) as f:
                    f.write(np.ascontiguousarray(arr).astype(dtype).tobytes())
                case[name] = {'file': file, 'shape': list(arr.shape)}
            cases.append(case)
        with open(os.path.join(a.out, 'cases.json'), 'w') as f:
            json.dump({'source': 'HigherHRNet-Human-Pose-Estimation lib/dataset (CocoKeypoints.__getitem__)',
                       'crowdRle': {'counts': counts, 'compressed': rle['counts'].decode('ascii')},
                       'cases': cases}, f, indent=1)
    finally:
        shutil.rmtree(root)


if __name__ == '__main__':
    main()
