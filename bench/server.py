"""gunicorn with the production settings on loopback, and plain HTTP requests to it.

Every request opens a fresh TCP connection (gunicorn's sync workers close it after
each response anyway), so a measured request includes the connection, as a browser's
first request or a script's one-off call does."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Production settings (DEBUG off, a real secret, the manifest static storage) minus TLS:
# loopback has no certificate, so the HTTPS redirect is off.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-3f7a9c1e5b2d8f4a6c0e9b7d1f3a5c7e",
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    # The per-user API throttle (6000/minute) would turn a load test into a 429 test.
    "API_THROTTLE_USER": "100000000/minute",
    "LOG_LEVEL": "ERROR",
}


APPLICATION_NAME = "bench-gunicorn"


def production_env(**extra) -> dict:
    env = dict(os.environ)
    for key, value in PRODUCTION_ENV.items():
        env.setdefault(key, value)
    env.update({k: str(v) for k, v in extra.items()})
    env["DJANGO_SETTINGS_MODULE"] = "annotator.settings"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def manage(*args: str, env: dict | None = None, timeout: float = 300, root: Path = ROOT) -> None:
    subprocess.run(
        [sys.executable, str(root / "manage.py"), *args],
        env=env or production_env(),
        cwd=root,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


_collected: set[Path] = set()


def collectstatic(env: dict | None = None, root: Path = ROOT) -> None:
    """The manifest storage needs collected static files before a page can render."""
    if root not in _collected:
        manage("collectstatic", "--no-input", "-v0", env=env, root=root)
        _collected.add(root)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    result = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces or parentheses: parse after the last ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                result.append(int(entry.name))
    return result


def memory(pid: int) -> dict:
    """Resident memory of one process in MiB: now (RSS), its peak (HWM), and PSS (shared pages split)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                values["Pss"] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return {
        "rss_mib": round(values.get("VmRSS", 0), 1),
        "hwm_mib": round(values.get("VmHWM", 0), 1),
        "pss_mib": round(values.get("Pss", 0), 1),
    }


@dataclass
class Response:
    status: int
    body: bytes
    size: int
    ms: float
    first_byte_ms: float


def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict | None = None,
    body: bytes | None = None,
    timeout: float = 120,
    keep_body: bool = True,
    host: str = "127.0.0.1",
) -> Response:
    """One request on a fresh connection; the body is read to the end (and dropped unless kept)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        first = time.perf_counter()
        data, size = b"", 0
        if keep_body:
            data = response.read()
            size = len(data)
        else:
            while chunk := response.read(1 << 16):
                size += len(chunk)
        ended = time.perf_counter()
        return Response(response.status, data, size, (ended - started) * 1000, (first - started) * 1000)
    finally:
        connection.close()


@contextmanager
def task_worker(env: dict, settle_s: float = 3):
    """An idle `manage.py worker` over every queue (database backend) beside the server,
    given `settle_s` to start; yields its Popen, stopped on exit."""
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "worker", "--queue-name", "*", "--interval", "1"],
        env={**env, "TASKS_BACKEND": "database"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(settle_s)
        if worker.poll() is not None:
            raise RuntimeError("manage.py worker exited at start")
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


class Gunicorn:
    """`gunicorn annotator.wsgi` on a free loopback port, stopped (with its workers) on exit.
    `root` is the checkout it serves (another one: an A/B run against older code)."""

    def __init__(
        self,
        *,
        workers: int = 2,
        env: dict | None = None,
        timeout: int = 300,
        port: int | None = None,
        root: Path = ROOT,
    ):
        self.workers = workers
        self.root = root
        self.env = env or production_env()
        if root != ROOT:
            self.env = {**self.env, "PYTHONPATH": str(root)}
        self.timeout = timeout
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()
        self.database_url = self.env.get("DATABASE_URL", "")
        if self.database_url.startswith("postgres"):
            # Names the server's database sessions, so the ones it leaves running can be ended.
            joiner = "&" if "?" in self.database_url else "?"
            self.env = {**self.env, "DATABASE_URL": f"{self.database_url}{joiner}application_name={APPLICATION_NAME}"}

    def __enter__(self) -> Gunicorn:
        collectstatic(self.env, self.root)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "annotator.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                str(self.timeout),
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=self.root,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: a full pipe would block workers that log errors.
            stderr=self.log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.errors()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    if len(self.worker_pids()) >= self.workers:
                        return self
            except OSError:
                pass
            time.sleep(0.1)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not start within 30 s")

    def worker_pids(self) -> list[int]:
        return children(self.process.pid) if self.process else []

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._end_database_sessions()

    def _end_database_sessions(self) -> None:
        """A killed worker's query runs on in PostgreSQL until it finishes; a slow one (a
        finding) would then load the machine during the next measurement. End them."""
        if not self.database_url.startswith("postgres"):
            return
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND datname = current_database()",
                [APPLICATION_NAME],
            )

    def errors(self) -> str:
        """What gunicorn and Django logged (warnings and errors only)."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")
