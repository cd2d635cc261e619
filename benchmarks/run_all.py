"""Run every benchmark in this folder and print one table of the figures.

    python benchmarks/run_all.py               # plain table
    python benchmarks/run_all.py --markdown    # the table for the README
    python benchmarks/run_all.py --only memory --only scorer

The convention every ``benchmarks/bench_*.py`` follows: run as a script from the repository
root, it may print anything it likes, and it reports each figure as one line of JSON::

    {"metric": "memory after a three-story session", "value": 61.2, "unit": "MB",
     "target": 120, "better": "lower"}

``metric`` (what was measured, in words), ``value`` (a number) and ``unit`` are required;
``target`` (a number, or null) and ``better`` ("lower" or "higher") say what passes;
``note`` (a short string) is optional. Any other output line is ignored. A script that exits
non-zero, or reports nothing, shows up in the table as a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# The figures the issues ask for come first, in this order; any other bench follows.
ORDER = ("bench_scorer.py", "bench_tui.py", "bench_memory.py", "bench_export.py")


@dataclass
class Row:
    script: str
    metric: str
    value: float | None
    unit: str = ""
    target: float | None = None
    better: str | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "FAILED"
        if self.target is None or self.better not in ("lower", "higher"):
            return ""
        if self.better == "lower":
            return "ok" if self.value < self.target else "MISSED"
        return "ok" if self.value >= self.target else "MISSED"

    def value_text(self) -> str:
        if self.value is None:
            return "-"
        return f"{_number(self.value)} {self.unit}".strip()

    def target_text(self) -> str:
        if self.target is None:
            return ""
        sign = "<" if self.better == "lower" else ">="
        return f"{sign} {_number(self.target)} {self.unit}".strip()


def _number(value: float) -> str:
    if value == int(value) and abs(value) >= 100:
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def discover(only: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    rank = {name: i for i, name in enumerate(ORDER)}
    found.sort(key=lambda p: (rank.get(p.name, len(ORDER)), p.name))
    if only:
        found = [p for p in found if any(word in p.stem for word in only)]
    return found


def parse(script: str, stdout: str) -> list[Row]:
    rows = []
    for line in stdout.splitlines():
        line = line.strip()
        if not (line.startswith("{") and line.endswith("}")):
            continue
        try:
            data: Any = json.loads(line)
        except ValueError:
            continue
        if not isinstance(data, dict) or "metric" not in data:
            continue
        value = data.get("value")
        target = data.get("target")
        rows.append(
            Row(
                script=script,
                metric=str(data["metric"]),
                value=float(value) if isinstance(value, int | float) else None,
                unit=str(data.get("unit", "")),
                target=float(target) if isinstance(target, int | float) else None,
                better=data.get("better"),
                note=str(data.get("note", "")),
            )
        )
    return rows


def run(script: Path, timeout: float) -> tuple[list[Row], float]:
    began = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, str(script)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [Row(script.name, f"{script.name}: timed out after {timeout:.0f} s", None)], timeout
    elapsed = time.monotonic() - began
    rows = parse(script.name, done.stdout)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1][:120]
        rows.append(Row(script.name, f"{script.name}: exit {done.returncode}: {last}", None))
    elif not rows:
        rows.append(Row(script.name, f"{script.name}: reported no figure", None))
    return rows, elapsed


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def plain_table(rows: list[Row]) -> str:
    header = ("metric", "value", "target", "")
    lines = [(r.metric, r.value_text(), r.target_text(), r.verdict) for r in rows]
    widths = [max(len(str(x[i])) for x in [header, *lines]) for i in range(4)]
    out = []
    for i, line in enumerate([header, *lines]):
        out.append("  ".join(str(cell).ljust(widths[j]) for j, cell in enumerate(line)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths).rstrip())
    return "\n".join(out)


def markdown_table(rows: list[Row]) -> str:
    out = ["| Measure | Value | Target | |", "| --- | ---: | ---: | --- |"]
    for r in rows:
        metric = r.metric.replace("|", "\\|")
        out.append(f"| {metric} | {r.value_text()} | {r.target_text()} | {r.verdict} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", action="append", default=[], help="run benches whose name has WORD"
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON lines")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per script")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    scripts = discover(args.only)
    if not scripts:
        print("no benchmark scripts found", file=sys.stderr)
        return 1
    rows: list[Row] = []
    for script in scripts:
        print(f"running {script.name} ...", file=sys.stderr, flush=True)
        found, elapsed = run(script, args.timeout)
        print(f"  {len(found)} figure(s) in {elapsed:.1f} s", file=sys.stderr, flush=True)
        rows.extend(found)

    if args.json:
        for r in rows:
            print(json.dumps(r.__dict__ | {"verdict": r.verdict}))
    elif args.markdown:
        print(markdown_table(rows))
        print()
        print(f"Measured on: {machine()}.")
    else:
        print(plain_table(rows))
        print()
        print(f"machine: {machine()}")
    failed = any(r.verdict == "FAILED" for r in rows)
    missed = any(r.verdict == "MISSED" for r in rows)
    return 1 if failed or (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
