#!/usr/bin/env python3
"""Benchmark: Hearth's return validators against the peer validators.

    python3 bench/returns.py [--sizes 1,10,100] [--peer-max 100] [--hearth BIN]

Builds 903 returns (the synthetic fixture moved to current dates, with last
year's return) and CIN census files (the larger synthetic census fixture) at
each size multiple by cloning every child under a new id, then validates each
with `hearth validate` and with ../shared/tools/peer-validate in the same run,
and prints wall time and peak memory (max RSS, from GNU time) of each, and the
ratios. A national 903 is about 40 times the fixture. Sizes above --peer-max
run Hearth only.

Needs a release build (`cargo build --release -p hearth`, done if missing)
and ../shared beside the repository. Synthetic data only.
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
PEER = os.path.join(SHARED, "tools", "peer-validate")
FIXTURE_903 = os.path.join(SHARED, "reference", "ssda903", "fake_data")
FIXTURE_CIN = os.path.join(SHARED, "reference", "cin", "fake_data", "fake_CIN_data.xml")


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def perturb(dst, years):
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "perturb-903"), FIXTURE_903, dst,
         "--shift-years", str(years)],
        check=True,
    )
    for extra in ("placed_for_adoption_errors.csv", "DoLo.csv"):
        path = os.path.join(dst, extra)
        if os.path.exists(path):
            os.remove(path)


def scale_903(src, dst, k):
    """Every child cloned k times: copy i gets the id CHILD + i (3 digits)."""
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        with open(os.path.join(src, name), newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        with open(os.path.join(dst, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(rows[0])
            for i in range(k):
                for r in rows[1:]:
                    w.writerow([f"{r[0]}{i:03d}"] + r[1:])


def scale_cin(src, dst, k):
    text = open(src, encoding="utf-8").read()
    start, end = text.index("<Children>") + len("<Children>"), text.index("</Children>")
    children = text[start:end]
    parts = []
    for i in range(k):
        parts.append(re.sub(r"<LAchildID>([^<]*)</LAchildID>",
                            lambda m: f"<LAchildID>{m.group(1)}{i:03d}</LAchildID>", children))
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text[:start] + "".join(parts) + text[end:])


def timed(cmd):
    """Runs cmd under GNU time; returns (seconds, peak MiB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stderr[-2000:]}")
    seconds, kib = out.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib) / 1024


def row(label, n, hearth, peer):
    hs, hm = hearth
    if peer:
        ps, pm = peer
        print(f"{label:<5} {n:>6}x {hs:>9.2f} {hm:>9.1f} {ps:>9.2f} {pm:>9.1f} "
              f"{ps / max(hs, 0.001):>8.0f}x {pm / max(hm, 0.1):>7.1f}x")
    else:
        print(f"{label:<5} {n:>6}x {hs:>9.2f} {hm:>9.1f} {'-':>9} {'-':>9} {'-':>9} {'-':>8}")


def main():
    sizes = [int(s) for s in arg("--sizes", "1,10,100").split(",")]
    peer_max = int(arg("--peer-max", "100"))
    hearth = arg("--hearth", os.path.join(ROOT, "target", "release", "hearth"))
    if not os.path.exists(hearth):
        subprocess.run(["cargo", "build", "--release", "-p", "hearth"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="hearth-bench-")
    try:
        base, prev = os.path.join(work, "cur"), os.path.join(work, "prev")
        perturb(base, 4)
        perturb(prev, 3)
        print("table size      hearth s  hearth MiB   peer s  peer MiB  speed-up  memory")
        for k in sizes:
            cur_k, prev_k = os.path.join(work, f"cur{k}"), os.path.join(work, f"prev{k}")
            scale_903(base, cur_k, k)
            scale_903(prev, prev_k, k)
            h = timed([hearth, "validate", "903", cur_k, "--prev", prev_k, "--year", "2026",
                       "--out", os.devnull])
            p = None
            if k <= peer_max:
                p = timed([PEER, "903", cur_k, "--prev", prev_k, "--year", "2026",
                           "--out", os.devnull])
            row("903", k, h, p)
        for k in sizes:
            cin_k = os.path.join(work, f"cin{k}.xml")
            scale_cin(FIXTURE_CIN, cin_k, k)
            h = timed([hearth, "validate", "cin", cin_k, "--year", "2026", "--out", os.devnull])
            p = timed([PEER, "cin", cin_k, "--year", "2026", "--out", os.devnull]) if k <= peer_max else None
            row("cin", k, h, p)
        # A national 903 is about 40 times the fixture.
        nat, nat_prev = os.path.join(work, "cur40"), os.path.join(work, "prev40")
        if not os.path.exists(nat):
            scale_903(base, nat, 40)
            scale_903(prev, nat_prev, 40)
        s, m = timed([hearth, "validate", "903", nat, "--prev", nat_prev, "--year", "2026",
                      "--out", os.devnull])
        print(f"national-size 903 (40x the fixture): Hearth {s:.2f} s, {m:.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
