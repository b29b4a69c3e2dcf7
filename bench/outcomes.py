#!/usr/bin/env python3
"""Benchmark: every outcome measure for every scope of a national-size council.

    python3 bench/outcomes.py [--size 133] [--backends sqlite,postgres]
                              [--year 2026] [--hearth BIN] [--rebuild]

Builds a synthetic council with `hearth synth` (size 1.0 is an average English
council; about 133 is England: some 400,000 children in need and 82,000
looked after), once per backend, kept in bench/.data/ (SQLite) or the
PostgreSQL database hearth_bench_<size> between runs (--rebuild makes them
again). Then times `hearth outcomes --all-scopes` (every measure for the
council, every team, unit and practitioner) on each backend, and `hearth
outcomes` for the whole council of an average-size council, and prints wall
time and peak memory (max RSS, from GNU time), with Hearth's own split
between reading the record and computing.

Aims: national size in under 60 seconds on each backend; one average council
in under a second, so the outcomes pages stay live. Nothing here asserts a
timing. Needs a release build (`cargo build --release -p hearth`, done if
missing) and, for PostgreSQL, the server on 127.0.0.1:5432 (trust auth).
Synthetic data only.
"""
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "bench", ".data")
PG = os.environ.get("HEARTH_BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def hearth_bin():
    explicit = arg("--hearth", None)
    if explicit:
        return explicit
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    path = os.path.join(target, "release", "hearth")
    subprocess.run(["cargo", "build", "--release", "-p", "hearth"], cwd=ROOT, check=True)
    return path


def timed(cmd):
    """Runs cmd under GNU time; returns (seconds, max RSS MiB, stdout, stderr)."""
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "RSS %M"] + cmd,
                       capture_output=True, text=True)
    took = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    rss = re.search(r"RSS (\d+)", p.stderr)
    mib = int(rss.group(1)) / 1024 if rss else float("nan")
    return took, mib, p.stdout, p.stderr


def psql(sql):
    subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True,
                   capture_output=True)


def store_args(backend, size, rebuild, hearth):
    """The --data-dir or --database of a council of this size, built if missing."""
    name = f"hearth_bench_{str(size).replace('.', '_')}"
    if backend == "sqlite":
        path = os.path.join(DATA, name)
        args = ["--data-dir", path]
        exists = os.path.exists(os.path.join(path, "hearth.db"))
        if exists and rebuild:
            shutil.rmtree(path)
            exists = False
    else:
        args = ["--database", f"{PG}/{name}"]
        check = subprocess.run(
            ["psql", f"{PG}/postgres", "-tAc",
             f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
            capture_output=True, text=True)
        exists = check.stdout.strip() == "1"
        if exists and rebuild:
            psql(f"DROP DATABASE {name}")
            exists = False
        if not exists:
            psql(f"CREATE DATABASE {name}")
    if not exists:
        print(f"building a council of size {size} on {backend}...", flush=True)
        took, mib, out, _ = timed([hearth, "synth", "--size", str(size)] + args)
        print(f"  built in {took:.0f} s, {mib:.0f} MiB: {out.strip()}", flush=True)
    return args


def main():
    size = float(arg("--size", "133"))
    backends = arg("--backends", "sqlite,postgres").split(",")
    year = arg("--year", "2026")
    rebuild = "--rebuild" in sys.argv
    hearth = hearth_bin()
    os.makedirs(DATA, exist_ok=True)
    rows = []
    for backend in backends:
        for s, every in ((1.0, False), (size, True)):
            args = store_args(backend, s, rebuild, hearth)
            cmd = [hearth, "outcomes", "--year", year, "--timings", "--format", "json"] + args
            if every:
                cmd.append("--all-scopes")
            took, mib, out, err = timed(cmd)
            detail = next((line for line in err.splitlines() if line.startswith("read")), "")
            rows.append((backend, s, "every scope" if every else "the council", took, mib, detail))
            print(f"{backend:8} size {s:>6} {rows[-1][2]:12} {took:7.2f} s {mib:8.0f} MiB  {detail}",
                  flush=True)
    print("\nbackend  size    scopes        wall      peak memory")
    for backend, s, what, took, mib, _ in rows:
        aim = 60 if what == "every scope" else 1
        verdict = "within aim" if took < aim else f"over the {aim} s aim"
        print(f"{backend:8} {s:<7} {what:12} {took:7.2f} s {mib:8.0f} MiB  {verdict}")


if __name__ == "__main__":
    main()
