#!/usr/bin/env python3
"""Gathers one `./run bench` into one JSON document (`./run bench --json FILE`).

Inputs: the JSON lines the benchmarks appended (tests/bench/figures.h), Google Benchmark's own
JSON files (bench_tagdata), and what each benchmark exited with. Output:

  {"date": ..., "host": ..., "commit": ..., "load": [1, 5, 15 min], "cpus": N,
   "benchmarks": [{"bench": ..., "exit": 0}, ...],
   "figures": [{"bench", "name", "value", "unit", "baseline", "baseline_name", "ratio",
                "better", "goal", "met"}, ...],
   "goals": {"met": N, "missed": [names]}}

Google Benchmark figures take the fastest of the file's `Baseline*` benchmarks as their baseline
(ratio = time / baseline time), so they compare like the others.
"""
import datetime
import json
import os
import socket
import subprocess
import sys


def google_figures(bench, path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    rows = [b for b in doc.get("benchmarks", []) if b.get("run_type", "iteration") == "iteration"]
    base = [b for b in rows if b["name"].startswith("Baseline")]
    baseline = min(base, key=lambda b: b["real_time"]) if base else None
    out = []
    for b in rows:
        fig = {"bench": bench, "name": b["name"], "value": b["real_time"], "unit": b.get("time_unit", "ns"),
               "better": "lower"}
        if baseline and b is not baseline:
            fig["baseline"] = baseline["real_time"]
            fig["baseline_name"] = baseline["name"]
            fig["ratio"] = b["real_time"] / baseline["real_time"] if baseline["real_time"] else None
        out.append(fig)
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: collect.py OUT FIGURES.jsonl STATUS.tsv [bench=google.json ...]")
    out, lines, status = sys.argv[1], sys.argv[2], sys.argv[3]
    figures = []
    if os.path.exists(lines):
        with open(lines, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    figures.append(json.loads(line))
                except json.JSONDecodeError as e:
                    sys.exit(f"{lines}:{n}: not JSON ({e})")
    for arg in sys.argv[4:]:
        bench, _, path = arg.partition("=")
        if os.path.exists(path):
            figures.extend(google_figures(bench, path))
    benches = []
    with open(status, encoding="utf-8") as f:
        for line in f:
            name, _, code = line.strip().partition("\t")
            if name:
                benches.append({"bench": name, "exit": int(code or 0)})
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                                cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip() or None
    except OSError:
        commit = None
    missed = [f"{f['bench']}: {f['name']}" for f in figures if f.get("met") is False]
    doc = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "commit": commit,
        "load": list(os.getloadavg()),
        "cpus": os.cpu_count(),
        "benchmarks": benches,
        "figures": figures,
        "goals": {"met": sum(1 for f in figures if f.get("met") is True), "missed": missed},
    }
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, out)
    print(f"{len(figures)} figures from {len(benches)} benchmarks -> {out}"
          + (f"; goals missed: {', '.join(missed)}" if missed else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
