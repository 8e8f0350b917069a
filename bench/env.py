"""The benchmark's process setup: production settings, Django, the migrated database,
and the side databases the peers workload and the soak run in."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .server import PRODUCTION_ENV, ROOT

# The settings the measurements run under, whatever the calling shell exports.
FORCED = ("DEBUG", "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS", "API_THROTTLE_USER", "LOG_LEVEL")


def setup(database_url: str | None = None, *, migrate: bool = True) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    for key, value in PRODUCTION_ENV.items():
        if key in FORCED:
            os.environ[key] = value
        else:
            os.environ.setdefault(key, value)
    os.environ["DJANGO_SETTINGS_MODULE"] = "annotator.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def _statement_timeout(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # set_config, not SET: SET takes no server-side parameter.
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, false)", [os.environ.get("BENCH_STATEMENT_TIMEOUT", "120s")]
            )


def limit_statements() -> None:
    """From now on, a query of the benchmark process that runs away fails after
    BENCH_STATEMENT_TIMEOUT (a finding, not a hang). Loading is not limited, and the
    servers under test keep the production settings: no timeout there."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    connection_created.connect(_statement_timeout, weak=False)
    if connection.connection is not None:
        _statement_timeout(None, connection)


def side_database_url(suffix: str) -> str:
    """A database next to the main one, for a workload that must not touch the main dataset."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{ROOT / f'db_{suffix}.sqlite3'}"
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path)
        return urlunsplit(parts._replace(path=str(path.with_name(f"{path.stem}_{suffix}{path.suffix}"))))
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path=f"/{name}_{suffix}"))


def recreate_database(url: str, suffix: str) -> None:
    """Start the side database empty: drop it if an earlier run left it, create it. Only a
    database named like a side database (`..._<suffix>`) is ever dropped."""
    parts = urlsplit(url)
    name = Path(parts.path).stem if parts.scheme.startswith("sqlite") else parts.path.lstrip("/")
    if not name.endswith(f"_{suffix}"):
        raise SystemExit(
            f"refusing to recreate {name!r}: the {suffix} workload only runs in a database named *_{suffix}"
        )
    if parts.scheme.startswith("sqlite"):
        for extra in ("", "-wal", "-shm"):
            Path(parts.path + extra).unlink(missing_ok=True)
        return
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        for extra in ("", "-wal", "-shm"):
            Path(parts.path + extra).unlink(missing_ok=True)
        return
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def run_module(module: str, args: list[str], database_url: str, timeout: float) -> None:
    """Run `python -m bench.<module>` against another database (Django binds one per process)."""
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run([sys.executable, "-m", f"bench.{module}", *args], env=env, cwd=ROOT, check=True, timeout=timeout)


def machine() -> dict:
    """What the numbers were measured on."""
    from django.db import connection

    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": connection.vendor,
        "load_average_at_start": os.getloadavg(),
    }
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        total_kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        info["memory_gib"] = round(total_kib / 1024 / 1024, 1)
        cpu = Path("/proc/cpuinfo").read_text().splitlines()
        info["cpu"] = next((line.split(":", 1)[1].strip() for line in cpu if line.startswith("model name")), "")
    except (OSError, StopIteration):
        pass
    import django

    info["django"] = django.get_version()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            info["database_size"] = cursor.fetchone()[0]
    return info
