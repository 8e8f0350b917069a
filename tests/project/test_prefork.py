"""Before gunicorn forks its workers, the master freezes its heap and marks it immortal,
so that neither the garbage collector nor reference counting writes to the pages the
workers share (annotator/prefork.py). Each check runs in a subprocess: marking a heap
immortal cannot be undone, and the test process's own heap must stay as it is."""

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.prefork import can_immortalize
from bench.server import Gunicorn, production_env, request

ROOT = Path(__file__).resolve().parents[2]

needs_immortal_objects = pytest.mark.skipif(
    not can_immortalize(), reason="immortal objects are marked on CPython 3.12-3.13, 64-bit, with the GIL"
)


def run(code: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


HEAP = """
import gc, json, os, sys
from annotator.prefork import freeze_heap, is_immortal

settings = {"title": "x" + str(len(sys.argv)), "limits": ("a" + str(len(sys.argv)), 10**30)}
marked = freeze_heap()
print(marked > 1000, gc.get_freeze_count() > 1000)
print(is_immortal(settings), is_immortal(settings["title"]), is_immortal(settings["limits"]),
      is_immortal(settings["limits"][0]), is_immortal(settings["limits"][1]), is_immortal(json.dumps))
"""


@needs_immortal_objects
def test_every_object_alive_before_the_fork_is_frozen_and_immortal_down_to_untracked_tuples():
    # The tuple of a string and a number is not tracked by the collector: it is reached
    # through the dict that holds it.
    assert run(HEAP).splitlines() == ["True True", "True True True True True True"]


def test_with_immortal_objects_turned_off_the_heap_is_still_frozen_and_nothing_marked():
    assert run(HEAP, ANNOTATOR_IMMORTALIZE="0").splitlines() == ["False True", "False False False False False False"]


FORKED_CHILD = """
import os, sys
from annotator.prefork import freeze_heap

shared = {"words": ["alpha" + str(i) for i in range(1000)]}
freeze_heap()
before = sys.getrefcount(shared["words"])
read, write = os.pipe()
if os.fork() == 0:
    # A worker taking and dropping references: the shared object's count (and so its
    # page) is not written.
    copies = [shared["words"] for _ in range(100)]
    os.write(write, str(sys.getrefcount(shared["words"]) == before).encode())
    os._exit(0)
os.wait()
print(os.read(read, 10).decode(), sys.getrefcount(shared["words"]) == before)
"""


@needs_immortal_objects
def test_a_forked_worker_taking_references_to_shared_objects_does_not_change_their_counts():
    assert run(FORKED_CHILD) == "True True"


def test_gunicorn_with_the_projects_configuration_serves_from_every_worker(tmp_path):
    # gunicorn.conf.py preloads the app, loads the URLconf and freezes the heap in the
    # master: workers forked from it must serve as any other (the login page needs no
    # table, so an empty SQLite database will do).
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with Gunicorn(workers=2, env=env) as server:
        statuses = {request(server.port, "GET", "/accounts/login/").status for _ in range(12)}
        assert len(server.worker_pids()) == 2
    assert statuses == {200}
