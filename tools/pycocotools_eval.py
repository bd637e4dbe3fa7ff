"""pycocotools' keypoint evaluation as a whole process, the reference for `robustpose coco-eval` timings:

  python3 tools/pycocotools_eval.py GT.json RES.json

Loads both files with pycocotools' COCO / loadRes, runs COCOeval(iouType='keypoints') evaluate + accumulate +
summarize, and prints the 10 stats as JSON. Time it with /usr/bin/time beside
`robustpose coco-eval --gt GT.json --results RES.json` (the case: `robustpose bench coco-eval --write DIR`).
"""
import contextlib
import io
import json
import sys

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def main():
    gt_file, res_file = sys.argv[1], sys.argv[2]
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_file)
        res = gt.loadRes(res_file)
        e = COCOeval(gt, res, 'keypoints')
        e.evaluate()
        e.accumulate()
        e.summarize()
    names = ['AP', 'AP50', 'AP75', 'AP_medium', 'AP_large', 'AR', 'AR50', 'AR75', 'AR_medium', 'AR_large']
    print(json.dumps(dict(zip(names, [float(v) for v in e.stats]))))


if __name__ == '__main__':
    main()
