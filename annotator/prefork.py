"""Keeping a pre-fork server's workers from copying the pages they share.

gunicorn forks its workers from a master that has loaded the app, so the workers share
its memory until they write to it. CPython writes to every object it touches: taking a
reference increments the object's reference count, in the object's own memory, and the
kernel then copies the whole page into the worker. A worker that has served every page
once held ~37 MiB of its own this way, of which ~6 MiB were new objects.

Objects that are never freed need no count: CPython 3.12+ skips the increment and
decrement of "immortal" objects (PEP 683, written for this case: Instagram's pre-fork
servers), recognised by a reference count whose low 32 bits are all ones. Everything
alive in the master just before the fork (modules, classes, functions, settings, the
URLconf) lives as long as the process anyway; `freeze_heap` marks it so. Measured
in a forked child serving 31 pages 4 times: 36.8 -> 26.0 MiB private (bench/web_memory.py
measures it through gunicorn).

CPython has no public call for it, so this writes the count itself, and only where the
layout is known: CPython 3.12-3.13, 64-bit, with the GIL (the free-threaded build keeps
its counts elsewhere). Anywhere else it does nothing. The cost: an object alive at the
fork that a worker later drops is never freed (a module-level cache entry replaced, say);
C code that mutates in place only when it holds the sole reference falls back to a copy.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import sysconfig

# _Py_IMMORTAL_REFCNT on 64-bit builds with the GIL (Include/object.h of 3.12 and 3.13).
IMMORTAL_REFCNT = 0xFFFFFFFF


def can_immortalize() -> bool:
    return (
        sys.implementation.name == "cpython"
        and (3, 12) <= sys.version_info[:2] <= (3, 13)
        and sys.maxsize > 2**32
        and not sysconfig.get_config_var("Py_GIL_DISABLED")
        and os.environ.get("ANNOTATOR_IMMORTALIZE", "1") != "0"
    )


def is_immortal(obj: object) -> bool:
    # The count read straight from the object: sys.getrefcount would add its own reference.
    return ctypes.c_ssize_t.from_address(id(obj)).value & 0xFFFFFFFF == IMMORTAL_REFCNT


def freeze_heap() -> int:
    """Call in the master, last thing before the fork. Collects the garbage, marks every
    object the collector tracks, and every untracked object they hold (strings, numbers,
    bytes, tuples of them), immortal, then freezes them (`gc.freeze`: the
    collector never walks them again, which would also write to their pages). Returns how
    many objects were marked; 0 where `can_immortalize()` is false (they are still frozen).

    Garbage is collected first: an object the collector could still free must not be
    marked. The frozen generation is invisible to `gc.get_objects`, so a heap frozen
    earlier is thawed to be marked, and frozen again."""
    gc.unfreeze()
    gc.collect()
    marked = 0
    if can_immortalize():
        # Untracked containers (a tuple or dict holding only strings and numbers) are
        # not in the collector's lists: reach them, and what they hold, through the
        # tracked objects that refer to them. An object already immortal is not walked
        # again, so no set of the objects seen is needed: such a set, tens of MiB for
        # a Django app's heap, would stay behind in the master's memory after the fork.
        pending = gc.get_objects()
        while pending:
            obj = pending.pop()
            count = ctypes.c_ssize_t.from_address(id(obj))
            if count.value & IMMORTAL_REFCNT == IMMORTAL_REFCNT:
                continue
            count.value = IMMORTAL_REFCNT
            marked += 1
            pending.extend(each for each in gc.get_referents(obj) if not gc.is_tracked(each))
        del pending
    gc.freeze()
    return marked


# Pages that need no signed-in user and no table: the login page renders the base
# template through every middleware; the home page answers a redirect to it.
WARM_UP_PATHS = ("/accounts/login/", "/")


def warm_up() -> None:
    """Do in the master, once, what every worker would otherwise do for itself on its first
    requests: compile the project's templates (kept by the cached loader) and serve a page
    through the middleware, so that what they allocate and the interpreter's specialised
    bytecode are shared instead of built again in each worker (bench/web_memory.py: about
    7 MiB of PSS for 5 workers). The requests come from a documentation address
    (RFC 5737), so no rate limit of a real client is touched."""
    import io
    from pathlib import Path

    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.template import engines
    from django.test import RequestFactory

    for engine in engines.all():
        for directory in engine.dirs:
            root = Path(directory)
            for path in sorted(root.rglob("*.html")):
                engine.get_template(str(path.relative_to(root)))
    handler = WSGIHandler()
    host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"), "localhost")
    for path in WARM_UP_PATHS:
        environ = RequestFactory().get(path, HTTP_HOST=host, REMOTE_ADDR="192.0.2.1").environ
        environ["wsgi.input"] = io.BytesIO(b"")
        response = handler(environ, lambda status, headers, exc_info=None: None)
        b"".join(response)
        response.close()
