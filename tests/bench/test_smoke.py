"""`make bench` end to end at a tiny scale: the code path CI runs, not the speed.

The run gets its own database (a temporary SQLite file, or `<name>_smoke` next to the
PostgreSQL database of DATABASE_URL), so the test database is never touched."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench.__main__ import MEASUREMENTS
from bench.env import drop_database, recreate_database, side_database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def smoke_database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme.startswith("postgres"):
        parts = urlsplit(url)
        url = urlunsplit(parts._replace(path=f"{parts.path}_smoke"))
    else:
        url = f"sqlite:///{tmp_path / 'bench_smoke.sqlite3'}"
    recreate_database(url, "smoke")
    yield url
    for side in ("peers", "soak"):
        drop_database(_side(url, side))
    drop_database(url)


def _side(url: str, suffix: str) -> str:
    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        return side_database_url(suffix)
    finally:
        if saved is None:
            del os.environ["DATABASE_URL"]
        else:
            os.environ["DATABASE_URL"] = saved


def run_bench(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "bench", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_smoke_run_measures_everything_and_writes_comparable_json(smoke_database, tmp_path):
    done = run_bench(smoke_database, "--smoke", "--out", str(tmp_path / "results"))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [path] = (tmp_path / "results").glob("*.json")
    results = json.loads(path.read_text())
    assert results["errors"] == []
    assert set(results["results"]) == set(MEASUREMENTS)
    assert results["generate"]["statements"] == 3000
    pages = results["results"]["pages"]
    assert all(page["status"] == 200 and page["queries"] > 0 for page in pages.values())
    assert results["results"]["load"]["errors"] == 0
    assert results["results"]["soak"]["database_matches_acknowledged_writes"] is True
    assert results["results"]["soak"]["server_errors_5xx"] == 0
    export = results["results"]["export"]
    if results["machine"]["database"] == "postgresql":
        assert export["time_ratio"] > 0 and export["copy"]["bytes"] > 0
        # Each measured read is explained: the reader finds its statements through an index
        # led by the article (migration 0018 dropped the single-column one these repeat).
        used = pages["reader (200 statements)"]["plan"]["indexes"]
        assert {"statement_article_start", "statement_canon_articles"} & set(used), used
        assert "1b. Pages: how PostgreSQL plans their reads" in done.stdout
    # The floor rows measured what they say: each answered 200 (the signed-in view and
    # the token view refuse anyone they cannot identify).
    floors = [o for o in results["results"]["peers"]["operations"] if o["operation"].startswith("floor:")]
    assert len(floors) == 5 and all(o["statuses"] == ["200"] for o in floors), floors
    reader = results["results"]["reader"]
    assert len(reader) == 7 and all(r["status"] == 200 and r["queries"] > 0 for r in reader.values()), reader
    titles = (
        "1. Pages",
        "2. REST API",
        "3. CSV export",
        "4. Import",
        "5. Suggester",
        "6. Load",
        "Peers",
        "Soak",
        "7. Reader",
    )
    for title in titles:
        assert title in done.stdout

    again = run_bench(smoke_database, "--smoke", "--skip-generate", "--only", "api", "--out", str(tmp_path / "b"))
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    [second] = (tmp_path / "b").glob("*.json")
    compared = run_bench(smoke_database, "--compare", str(path), str(second))
    assert compared.returncode == 0, compared.stderr
    assert "api.one statement.median_ms" in compared.stdout


def test_generator_refuses_a_database_with_someone_elses_articles(db):
    from bench.corpus import Scale
    from bench.generate import NotABenchDatabase, generate
    from tests.factories import ArticleFactory

    ArticleFactory(url="https://example.org/a-real-article")
    with pytest.raises(NotABenchDatabase):
        generate(Scale(articles=5, statements=10))
    from annotator.models import Article

    assert Article.objects.count() == 1
