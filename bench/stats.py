"""Timing, summaries, the printed tables, the JSON results and the comparison of two runs."""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile by the nearest-rank method: a value that was actually measured."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values_ms: list[float]) -> dict:
    return {
        "n": len(values_ms),
        "median_ms": round(statistics.median(values_ms), 2),
        "p95_ms": round(percentile(values_ms, 95), 2),
        "min_ms": round(min(values_ms), 2),
        "max_ms": round(max(values_ms), 2),
    }


def timed(fn: Callable, repeat: int, warmup: int = 1) -> tuple[list[float], object]:
    """Call fn `warmup` times unmeasured, then `repeat` times; return times in ms and the last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return times, result


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(title: str, headers: list[str], rows: list[list]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = "  ".join("-" * w for w in widths)
    out = [title, "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)), line]
    for r in cells:
        out.append("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))))
    return "\n".join(out)


def write_results(results: dict, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    path = directory / f"{stamp}.json"
    n = 1
    while path.exists():
        path = directory / f"{stamp}-{n}.json"
        n += 1
    path.write_text(json.dumps(results, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return path


def _flatten(prefix: str, value, out: dict) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), item, out)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out[prefix] = value


def compare(a_path: Path, b_path: Path) -> str:
    """Every number the two runs share, side by side, with B/A."""
    a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (a_path, b_path))
    flat_a: dict = {}
    flat_b: dict = {}
    _flatten("", a.get("results", a), flat_a)
    _flatten("", b.get("results", b), flat_b)
    rows = []
    for key in sorted(set(flat_a) & set(flat_b)):
        va, vb = flat_a[key], flat_b[key]
        ratio = round(vb / va, 2) if va else None
        rows.append([key, va, vb, ratio])
    only = sorted(set(flat_a) ^ set(flat_b))
    text = table(f"compare A={a_path} B={b_path}", ["metric", "A", "B", "B/A"], rows)
    if only:
        text += f"\n\n{len(only)} metrics only in one run: " + ", ".join(only[:20]) + ("…" if len(only) > 20 else "")
    return text
