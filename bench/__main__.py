"""`python -m bench`: generate the dataset, run the measurements, print tables, write JSON.

python -m bench --articles 100000 --statements 1000000   # the full run (PostgreSQL)
python -m bench --smoke                                  # a few hundred articles, < 1 minute
python -m bench --only pages,api --skip-generate         # re-measure the loaded dataset
python -m bench --only learning                          # the review replay alone (no database)
python -m bench --compare A.json B.json                  # two runs side by side
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import stats

# The reader's own articles (one long, one normal) are made last, so that the other
# measurements see the generated dataset only.
MEASUREMENTS = (
    "pages",
    "api",
    "export",
    "import",
    "suggest",
    "load",
    "peers",
    "soak",
    "learning",
    "projects",
    "reader",
)
RESULTS_DIR = Path(__file__).resolve().parent / "results"
PLAN_HEADERS = ["request", "indexes used", "large tables read whole"]

FULL = {
    "articles": 100_000,
    "statements": 1_000_000,
    "repeat": 20,
    "export_repeat": 3,
    "import_count": 10_000,
    "suggest_count": 1_000,
    "load_requests": 6_000,
    "load_seconds": 60,
    "concurrency": 8,
    "peers_articles": 2_000,
    "peers_spans": 2_000,
    "peers_repeat": 100,
    "soak_seconds": 30,
    "soak_writes": 1_500,
    "soak_analysts": 6,
    "reader_chars": 1_000_000,
    "reader_statements": 20_000,
}
SMOKE = {
    "articles": 300,
    "statements": 3_000,
    "repeat": 3,
    "export_repeat": 1,
    "import_count": 50,
    "suggest_count": 20,
    "load_requests": 60,
    "load_seconds": 5,
    "concurrency": 4,
    "peers_articles": 200,
    "peers_spans": 200,
    "peers_repeat": 3,
    "soak_seconds": 4,
    "soak_writes": 80,
    "soak_analysts": 3,
    "reader_chars": 100_000,
    "reader_statements": 500,
}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small scale, one or few repeats (CI)")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--statements", type=int)
    parser.add_argument("--repeat", type=int, help="measured repetitions per page/API request")
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(MEASUREMENTS)}")
    parser.add_argument("--skip-generate", action="store_true", help="reuse the dataset already loaded")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="directory for the JSON results")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A.json", "B.json"))
    parser.add_argument(
        "--load-skip",
        default="",
        help="comma-separated request kinds to leave out of the load mix (e.g. 'list: search')",
    )
    for key in FULL:
        if key not in ("articles", "statements", "repeat"):
            parser.add_argument(f"--{key.replace('_', '-')}", type=type(FULL[key]), dest=key)
    args = parser.parse_args(argv)
    defaults = SMOKE if args.smoke else FULL
    for key, value in defaults.items():
        if getattr(args, key, None) is None:
            setattr(args, key, value)
    only = set((args.only or ",".join(MEASUREMENTS)).split(","))
    unknown = only - set(MEASUREMENTS)
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}; choose from {', '.join(MEASUREMENTS)}")
    args.only = [m for m in MEASUREMENTS if m in only]
    return args


def _timing_rows(results: dict) -> list[list]:
    rows = []
    for label, r in results.items():
        if "error" in r:
            rows.append([label, r.get("status"), None, None, None, r["error"]])
        else:
            rows.append([label, r["status"], r["queries"], r["median_ms"], r["p95_ms"], r.get("note", "")])
    return rows


def _plan_rows(results: dict) -> list[list]:
    return [
        [label, ", ".join(r["plan"]["indexes"]) or "-", ", ".join(r["plan"]["full_scans"]) or "none"]
        for label, r in results.items()
        if r.get("plan")
    ]


def report(results: dict) -> str:
    """The printed tables."""
    out = []
    r = results["results"]
    headers = ["request", "status", "queries", "median ms", "p95 ms", "note"]
    if "pages" in r:
        out.append(stats.table("1. Pages (server time, in process)", headers, _timing_rows(r["pages"])))
        if plan_rows := _plan_rows(r["pages"]):
            out.append(stats.table("1b. Pages: how PostgreSQL plans their reads", PLAN_HEADERS, plan_rows))
    if "projects" in r:
        rows = _timing_rows({k: v for k, v in r["projects"].items() if k != "setup"})
        out.append(stats.table("8. As a member of one project of many, and of several (scoped reads)", headers, rows))
    if "api" in r:
        out.append(stats.table("2. REST API (server time, in process)", headers, _timing_rows(r["api"])))
        if plan_rows := _plan_rows(r["api"]):
            out.append(stats.table("2b. REST API: how PostgreSQL plans the reads", PLAN_HEADERS, plan_rows))
    if "export" in r:
        e = r["export"]
        if "export" in e:
            rows = [
                [
                    "export /export/statements.csv",
                    e["export"]["median_ms"],
                    e["export"]["first_byte_ms"],
                    e["export"]["bytes"],
                    e["export"]["worker_peak_rss_mib"],
                ]
            ]
            copy = e.get("copy", {})
            if "median_ms" in copy:
                rows.append(
                    [
                        "COPY (same query) TO STDOUT",
                        copy["median_ms"],
                        copy["first_byte_ms"],
                        copy["bytes"],
                        copy["peak_rss_mib"],
                    ]
                )
                rows.append(["export / COPY", e["time_ratio"], None, None, e["memory_ratio"]])
            note = f"({e['rows']:,} statements)"
            out.append(
                stats.table(f"3. CSV export {note}", ["", "wall ms", "first byte ms", "bytes", "peak RSS MiB"], rows)
            )
        else:
            out.append(f"3. CSV export: ERROR {e.get('error')}")
    if "import" in r:
        i = r["import"]
        rows = [[f"batches of {i.get('batch_size', '?')} (cleaning)", i["articles"], i["articles_per_s"], i["seconds"]]]
        if "one_by_one" in i:
            rows.append(["one per transaction", i["one_by_one"]["articles"], i["one_by_one"]["articles_per_s"], None])
        if "copy" in i:
            rows.append(
                ["raw COPY of the same texts", i["articles"], i["copy"]["articles_per_s"], i["copy"]["seconds"]]
            )
            rows.append(["import / COPY", None, i["ratio_to_copy"], None])
        table = stats.table("4. Import", ["", "articles", "articles/s", "seconds"], rows)
        table += (
            f"\n   duplicates detected {i['duplicates_detected']}, {i['duplicate_ms']} ms each; failed {i['failed']}"
        )
        out.append(table)
    if "suggest" in r:
        s = r["suggest"]
        rows = [[k, v["articles_per_s"], v["suggestions"]] for k, v in s.items() if isinstance(v, dict)]
        out.append(
            stats.table(
                f"5. Suggester ({s['articles']} articles, {s['known_actors']:,} known actors, "
                f"indexed once in {s.get('actor_index_seconds', '?')} s)",
                ["", "articles/s", "suggestions"],
                rows,
            )
        )
    if "load" in r:
        lo = r["load"]
        rows = [["all", lo["requests"], lo["p50_ms"], lo["p99_ms"]]]
        rows += [[k, v["n"], v["p50_ms"], v["p99_ms"]] for k, v in lo["by_kind"].items()]
        title = (
            f"6. Load: gunicorn {lo['workers']} workers, {lo['concurrency']} concurrent clients "
            f"({len(lo['mix'])} request kinds): "
            f"{lo['rps']} req/s over {lo['seconds']} s, errors {lo['errors']} {lo['errors_by_status'] or ''}"
        )
        out.append(stats.table(title, ["mix", "requests", "p50 ms", "p99 ms"], rows))
    if "peers" in r:
        p = r["peers"]
        rows = [
            [
                op["operation"],
                op.get("p50_ms"),
                op.get("queries"),
                op.get("target"),
                op.get("label_studio"),
                op.get("doccano"),
            ]
            for op in p["operations"]
        ]
        out.append(
            stats.table(
                f"Peers' workload ({p['articles']} articles of ~3,000 characters, {p['spans']} spans, "
                "one request per operation on a fresh connection)",
                ["operation", "p50 ms / value", "queries", "target", "Label Studio 1.23", "doccano 1.8"],
                rows,
            )
        )
    if "learning" in r:
        from .replay import table

        out.append("Learning from reviews (replay on the real-news dev set)\n" + table(r["learning"]["batches"]))
    if "peers" in r and "fast_paths" in r["peers"]:
        from .peers import fast_paths_table

        out.append(fast_paths_table(r["peers"]["fast_paths"]))
    if "peers" in r and "import" in r["peers"]:
        from .peers import import_table

        out.append(import_table(r["peers"]["import"]))
    if "soak" in r:
        s = r["soak"]
        rows = [[k, v] for k, v in s.items() if not isinstance(v, (dict, list))]
        out.append(stats.table("Soak", ["", "value"], rows))
    if "reader" in r:
        from .measure_reader import HEADERS, TITLE, rows

        out.append(stats.table(TITLE, HEADERS, rows(r["reader"])))
    for error in results["errors"]:
        out.append(f"ERROR in {error['measurement']}: {error['error']}")
    return "\n\n".join(out)


def _learning() -> dict:
    from .replay import replay

    batches = replay()
    keep = ("top_half", "effort", "brier")
    # The first and last rows as numbers `--compare` can set side by side.
    return {"batches": batches, "first": {k: batches[0][k] for k in keep}, "last": {k: batches[-1][k] for k in keep}}


def _learning_only(args: argparse.Namespace, host: dict) -> int:
    started = time.perf_counter()
    results = {"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}, "machine": host}
    results |= {"results": {"learning": _learning()}, "errors": []}
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(report(results))
    print(f"\nresults: {stats.write_results(results, args.out)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.compare:
        print(stats.compare(*args.compare))
        return 0
    from .env import limit_statements, machine, run_module, setup, side_database_url

    if args.only == ["learning"]:
        # A replay of the dev set's reviews: pure Python, no dataset or database needed.
        import platform

        return _learning_only(args, {"nproc": os.cpu_count(), "python": platform.python_version()})
    setup()
    from .corpus import Scale
    from .generate import dataset, generate

    results: dict = {
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "machine": machine(),
        "results": {},
        "errors": [],
    }
    started = time.perf_counter()
    if not args.skip_generate:
        print(f"generating {args.articles:,} articles, {args.statements:,} statements ...", flush=True)
        results["generate"] = generate(Scale(articles=args.articles, statements=args.statements))
        print(stats.table("Generate", ["", "value"], [[k, v] for k, v in results["generate"].items()]), flush=True)
    ds = dataset()
    results["dataset"] = vars(ds)
    limit_statements()

    from . import (
        load,
        measure_api,
        measure_export,
        measure_import,
        measure_pages,
        measure_projects,
        measure_reader,
        measure_suggest,
    )
    from .server import collectstatic

    # Pages render through the manifest static storage of the production settings.
    collectstatic()
    token = measure_api.api_token(ds.reviewer)

    def side(module: str, extra: list[str]) -> dict:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out.json"
            run_module(module, [*extra, "--json", str(out)], side_database_url(module), timeout=1800)
            return json.loads(out.read_text())

    steps = {
        "pages": lambda: measure_pages.run(ds, args.repeat),
        "reader": lambda: measure_reader.run(
            ds.reviewer, args.repeat, chars=args.reader_chars, statements=args.reader_statements
        ),
        "projects": lambda: measure_projects.run(ds, args.repeat),
        "api": lambda: measure_api.run(ds, args.repeat, token),
        "export": lambda: measure_export.run(ds, args.export_repeat, token),
        "import": lambda: measure_import.run(args.import_count),
        "suggest": lambda: measure_suggest.run(args.suggest_count),
        "load": lambda: load.run(
            ds,
            requests=args.load_requests,
            seconds=args.load_seconds,
            concurrency=args.concurrency,
            token=token,
            skip=tuple(k.strip() for k in args.load_skip.split(",") if k.strip()),
        ),
        "peers": lambda: side(
            "peers",
            [
                "--articles",
                str(args.peers_articles),
                "--spans",
                str(args.peers_spans),
                "--repeat",
                str(args.peers_repeat),
            ],
        ),
        "learning": _learning,
        "soak": lambda: side(
            "soak",
            [
                "--seconds",
                str(args.soak_seconds),
                "--writes",
                str(args.soak_writes),
                "--analysts",
                str(args.soak_analysts),
            ],
        ),
    }
    for name in args.only:
        print(f"measuring {name} ...", flush=True)
        t = time.perf_counter()
        try:
            results["results"][name] = steps[name]()
        except Exception as error:  # noqa: BLE001 - one broken measurement must not hide the others
            results["errors"].append({"measurement": name, "error": f"{type(error).__name__}: {error}"})
            traceback.print_exc()
        else:
            nested = [v for v in results["results"][name].values() if isinstance(v, dict) and "error" in v]
            if "error" in results["results"][name] or nested:
                results["errors"].append(
                    {"measurement": name, "error": str(results["results"][name].get("error") or nested[0]["error"])}
                )
        print(f"  {name}: {time.perf_counter() - t:.1f} s", flush=True)
    results["seconds"] = round(time.perf_counter() - started, 1)
    print()
    print(report(results))
    path = stats.write_results(results, args.out)
    print(f"\nresults: {path}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
