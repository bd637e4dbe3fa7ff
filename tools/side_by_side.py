"""Runs benchmark commands interleaved, round after round, and summarizes one metric: the protocol of the README's
side-by-side figures (robustpose's `bench` against the PyTorch tools in this folder).

    python3 tools/side_by_side.py --rounds 5 --metric seconds_per_step --out train.jsonl \\
        --run "robustpose=bin/robustpose bench train --arch simplebaseline-resnet50" \\
        --run "pytorch-thp=env THP_MEM_ALLOC_ENABLE=1 /tmp/hh/bin/python tools/pytorch_sbl_train_step.py" \\
        --run "pytorch=/tmp/hh/bin/python tools/pytorch_sbl_train_step.py"

Each command must print a JSON object as its last line of output. Every round runs every command once, one at a
time; the order rotates from round to round so that no command always follows the same one. For each run the file
gets one line: the command's JSON, and what the kernel counted for its process (wall, user and system seconds,
page faults, peak RSS: `wait4`), with the load average and the host's free memory before it — on a VM the cost of
fresh memory moves over the day, and these say why a round was slow. The summary prints each command's median and
range of the metric and every command's median ratio to the first one, per round and overall. Stdlib only.
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import tempfile
import time


def meminfo_free_mb():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemFree:"):
                return int(line.split()[1]) // 1024
    return -1


def run_once(label, command, rnd):
    load = os.getloadavg()[0]
    free = meminfo_free_mb()
    start = time.time()
    with tempfile.TemporaryFile(mode="w+") as errors:
        proc = subprocess.Popen(shlex.split(command), stdout=subprocess.PIPE, stderr=errors, text=True)
        out = proc.stdout.read()  # to the end; not communicate(), which would reap the process before wait4
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read()
    wall = time.time() - start
    lines = [line for line in out.splitlines() if line.strip().startswith("{")]
    row = {"label": label, "round": rnd, "started": time.strftime("%H:%M:%S", time.localtime(start)),
           "wall_seconds": round(wall, 2), "user_seconds": round(usage.ru_utime, 2),
           "system_seconds": round(usage.ru_stime, 2), "page_faults": usage.ru_minflt + usage.ru_majflt,
           "max_rss_mb": usage.ru_maxrss // 1024, "load_before": round(load, 2), "free_mb_before": free,
           "exit": proc.returncode}
    if lines:
        row["result"] = json.loads(lines[-1])
    else:
        row["error"] = (err or out).strip()[-2000:]
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", action="append", required=True, help="LABEL=COMMAND (repeat; the first is the base)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--metric", required=True,
                    help="key of the commands' JSON (seconds_per_step), or of the run's own record (wall_seconds)")
    ap.add_argument("--out", required=True, help="JSON lines, appended")
    a = ap.parse_args()
    runs = []
    for spec in a.run:
        label, _, command = spec.partition("=")
        if not command:
            ap.error("--run wants LABEL=COMMAND, got " + spec)
        runs.append((label, command))
    values = {label: [] for label, _ in runs}
    per_round = []
    with open(a.out, "a") as f:
        for rnd in range(a.rounds):
            order = runs[rnd % len(runs):] + runs[:rnd % len(runs)]
            this_round = {}
            for label, command in order:
                row = run_once(label, command, rnd)
                f.write(json.dumps(row) + "\n")
                f.flush()
                value = row.get("result", {}).get(a.metric, row.get(a.metric))
                print(f"{row['started']} round {rnd} {label}: {a.metric}={value} sys={row['system_seconds']}s "
                      f"faults={row['page_faults']} rss={row['max_rss_mb']}MB load={row['load_before']}", flush=True)
                if value is not None:
                    values[label].append(value)
                    this_round[label] = value
            per_round.append(this_round)
    base = runs[0][0]
    print(f"\n{a.metric}: median (range) over {a.rounds} rounds; ratio = median / median of {base}")
    for label, _ in runs:
        v = values[label]
        if not v:
            print(f"  {label}: no result")
            continue
        ratio = statistics.median(v) / statistics.median(values[base]) if values[base] else float("nan")
        rounds = [r[label] / r[base] for r in per_round if label in r and base in r and r[base]]
        print(f"  {label}: {statistics.median(v):.4g} ({min(v):.4g}-{max(v):.4g}), ratio {ratio:.3f}, per round "
              + ", ".join(f"{x:.2f}" for x in rounds))


if __name__ == "__main__":
    main()
