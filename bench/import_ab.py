"""The cleaner and the peers' import, two checkouts of the app A/B.

`python -m bench.import_ab --other /path/to/checkout [--rounds 3] [--clean-only]` runs,
in each round and in turn, a fresh Python process in this checkout and one in the
other, each importing that checkout's code:

- `clean`: `clean_text` on the peers' 2,000 texts (bench/corpus.py, seed 1616, 2,700 to
  3,300 characters) in one process, its CPU time, and a digest of every result, which
  must be the same in both checkouts (the same cleaning);
- `import` (unless --clean-only): the peers' import as the app runs it (bench/
  import_peers.py's fast arm: `articles_import_batches`, cleaning on every core), its
  wall time, the CPU time of the process and the cleaners it forked, and of the
  PostgreSQL backend. Both checkouts must use the same database (DATABASE_URL,
  migrated); the imported rows are deleted after each run.

The machine is shared and its load varies: alternating the checkouts within a round
puts the same load on each. It prints the medians and each round's numbers."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CLEAN = """
import hashlib, json, sys, time
sys.path.insert(0, ".")
from bench.corpus import import_texts
from annotator.text import clean_text
texts = import_texts(2000, seed=1616, min_chars=2700, max_chars=3300)
started = time.process_time()
results = [clean_text(raw) for _title, raw in texts]
cpu = time.process_time() - started
digest = hashlib.sha256(repr(results).encode()).hexdigest()[:16]
print(json.dumps({"cpu": cpu, "digest": digest}))
"""

_IMPORT = """
import json, os, sys
sys.path.insert(0, ".")
from bench.env import setup
setup(migrate=False)
from bench import import_peers
from bench.corpus import import_texts
texts = import_texts(2000, seed=1616, min_chars=2700, max_chars=3300)
print(json.dumps(import_peers._once(texts, import_peers.FAST, len(os.sched_getaffinity(0)))))
"""


def _run(root: Path, program: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=root, capture_output=True, text=True, check=True, env=os.environ.copy()
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> float:
    return os.getloadavg()[0]


def run(other: Path, rounds: int = 3, *, clean_only: bool = False) -> dict:
    checkouts = {"this": ROOT, "other": Path(other).resolve()}
    kinds = {"clean": _CLEAN} if clean_only else {"clean": _CLEAN, "import": _IMPORT}
    runs: dict[str, dict[str, list[dict]]] = {kind: {name: [] for name in checkouts} for kind in kinds}
    loads = []
    for _ in range(rounds):
        loads.append(round(_load(), 1))
        for kind, program in kinds.items():
            for name, root in checkouts.items():
                runs[kind][name].append(_run(root, program))
    digests = {name: sorted({run["digest"] for run in done}) for name, done in runs["clean"].items()}
    result: dict = {"rounds": rounds, "load_average_at_each_round": loads, "same_cleaning": digests}
    for kind, by_name in runs.items():
        result[kind] = {
            name: {
                key: round(statistics.median(run[key] for run in done if run.get(key) is not None), 2)
                for key in ("cpu", "seconds", "database_cpu")
                if any(run.get(key) is not None for run in done)
            }
            | {"runs": [{key: value for key, value in run.items() if key != "digest"} for run in done]}
            for name, done in by_name.items()
        }
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_ab")
    parser.add_argument("--other", type=Path, required=True, help="another checkout of the app (the before)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clean-only", action="store_true", help="only the cleaner, no database")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.other, args.rounds, clean_only=args.clean_only), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
