"""doccano 1.8.4 and Label Studio 1.23.2 under the peers' workload, beside annotator, in one run.

    make bench-peers            # installs both peers in .peers/ (Python 3.11), then runs this
    python -m bench.peer_apps --repeat 50 [--only doccano,label-studio,annotator]

Each peer runs from its own virtual environment (.peers/<name>, made by `make
bench-peers`) on its own PostgreSQL database (`<main>_doccano`, `<main>_labelstudio`,
recreated each run), with its own server and task worker, and gets the workload
annotator gets in bench/peers.py, through its own REST API, one request per operation on
a fresh connection: import 2,000 documents of ~3,000 characters in one call, create one
span, read one document with its spans, list the first page and page 40 of documents;
then its idle memory (PSS of the server and worker processes). A peer that cannot be
installed or started is reported with what failed, and the others still run."""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from .server import ROOT, children, free_port, memory, request

PEERS_DIR = ROOT / ".peers"
LABELS = ("claim", "denial")


class PeerError(RuntimeError):
    pass


def _wait_http(port: int, path: str, seconds: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PeerError(f"exited with {process.returncode}: {log.read_text(errors='replace')[-1500:]}")
        try:
            if request(port, "GET", path, timeout=5).status < 500:
                return
        except OSError:
            pass
        time.sleep(1)
    raise PeerError(f"did not answer on :{port}{path} within {seconds:.0f} s: {log.read_text(errors='replace')[-800:]}")


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += children(current)
    return pids


def _pss(pids: list[int]) -> tuple[float, float]:
    readings = [memory(p) for p in pids if Path(f"/proc/{p}").exists()]
    return round(sum(r["rss_mib"] for r in readings), 1), round(sum(r["pss_mib"] for r in readings), 1)


def _json(response) -> dict | list:
    try:
        return json.loads(response.body or b"null")
    except ValueError as error:
        raise PeerError(f"answer {response.status} is not JSON: {response.body[:300]!r}") from error


def _p50(times: list[float]) -> float | None:
    return round(statistics.median(times), 2) if times else None


class Peer:
    name = ""
    venv = ""

    def __init__(self, database_url: str, workdir: Path):
        self.database_url = database_url
        self.workdir = workdir
        self.port = free_port()
        self.processes: list[subprocess.Popen] = []
        self.headers: dict = {}

    def bin(self, name: str) -> str:
        path = PEERS_DIR / self.venv / "bin" / name
        if not path.exists():
            raise PeerError(f"{path} is missing: run `make bench-peers` (it installs the peers in {PEERS_DIR})")
        return str(path)

    def spawn(self, args: list[str], env: dict, log_name: str) -> subprocess.Popen:
        log = self.workdir / log_name
        process = subprocess.Popen(
            args, env=env, cwd=self.workdir, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, 15)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)

    def call(self, method, path, body=None, *, expect=(200, 201)):
        data = json.dumps(body).encode() if body is not None else None
        headers = {**self.headers, **({"Content-Type": "application/json"} if data else {})}
        response = request(self.port, method, path, headers=headers, body=data, timeout=600)
        if response.status not in expect:
            raise PeerError(f"{method} {path}: {response.status} {response.body[:400]!r}")
        return response


class Doccano(Peer):
    name = "doccano 1.8.4"
    venv = "doccano"

    def env(self) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url + ("&" if "?" in self.database_url else "?") + "sslmode=disable",
            "DOCCANO_HOME": str(self.workdir),
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_hex(16),
            "ALLOWED_HOSTS": "*",
        }

    def start(self) -> None:
        env = self.env()
        for args in (["init"], ["createuser", "--username", "admin", "--password", "bench-pass"]):
            done = subprocess.run([self.bin("doccano"), *args], env=env, cwd=self.workdir, capture_output=True)
            if done.returncode:
                raise PeerError(f"doccano {args[0]}: {done.stderr.decode(errors='replace')[-1200:]}")
        web = self.spawn([self.bin("doccano"), "webserver", "--port", str(self.port), "--workers", "2"], env, "web.log")
        self.worker = self.spawn([self.bin("doccano"), "task", "--concurrency", "1"], env, "task.log")
        # Not /v1/health/: it also waits on a Celery round trip, which timed out under load.
        _wait_http(self.port, "/admin/login/", 120, web, self.workdir / "web.log")
        key = _json(self.call("POST", "/v1/auth/login/", {"username": "admin", "password": "bench-pass"}))["key"]
        self.headers = {"Authorization": f"Token {key}"}
        project = {
            "name": "bench",
            "description": "peers' workload",
            "project_type": "SequenceLabeling",
            "resourcetype": "SequenceLabelingProject",
            "guideline": "",
            # Statements may overlap (as in annotator); doccano refuses overlapping spans otherwise.
            "allow_overlapping": True,
        }
        self.project = _json(self.call("POST", "/v1/projects", project))["id"]
        self.labels = [
            _json(
                self.call("POST", f"/v1/projects/{self.project}/span-types", {"text": t, "background_color": "#209cee"})
            )["id"]
            for t in LABELS
        ]

    def import_documents(self, texts: list[str]) -> float:
        """One upload of a JSON Lines file, then the import call; done when its task is."""
        boundary = uuid.uuid4().hex
        payload = "".join(json.dumps({"text": t}) + "\n" for t in texts).encode()
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="filepond"; filename="docs.jsonl"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + payload
            + f"\r\n--{boundary}--\r\n".encode()
        )
        started = time.perf_counter()
        upload = request(
            self.port,
            "POST",
            "/v1/fp/process/",
            headers={**self.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
            body=body,
            timeout=600,
        )
        if upload.status != 200:
            raise PeerError(f"upload: {upload.status} {upload.body[:300]!r}")
        options = {"column_data": "text", "column_label": "label", "delimiter": ",", "encoding": "utf_8"}
        answer = self.call(
            "POST",
            f"/v1/projects/{self.project}/upload",
            {"uploadIds": [upload.body.decode().strip()], "format": "JSONL", "task": "SequenceLabeling", **options},
        )
        task = _json(answer)["task_id"]
        while True:
            status = _json(self.call("GET", f"/v1/tasks/status/{task}"))
            if status.get("ready"):
                if status.get("error"):
                    raise PeerError(f"import task: {status['error']}")
                return time.perf_counter() - started
            if time.perf_counter() - started > 900:
                raise PeerError("import did not finish within 15 minutes")
            time.sleep(0.05)

    def documents(self) -> list[tuple[int, int]]:
        page = _json(self.call("GET", f"/v1/projects/{self.project}/examples?limit=5000&offset=0"))
        return [(e["id"], len(e["text"])) for e in page["results"]]

    def create_span(self, doc: int, start: int, end: int):
        return self.call(
            "POST",
            f"/v1/projects/{self.project}/examples/{doc}/spans",
            {"start_offset": start, "end_offset": end, "label": self.labels[0]},
        )

    def read_document(self, doc: int) -> list:
        return [
            self.call("GET", f"/v1/projects/{self.project}/examples/{doc}"),
            self.call("GET", f"/v1/projects/{self.project}/examples/{doc}/spans"),
        ]

    def list_page(self, number: int):
        return self.call("GET", f"/v1/projects/{self.project}/examples?limit=50&offset={(number - 1) * 50}")


class LabelStudio(Peer):
    name = "Label Studio 1.23.2"
    venv = "label-studio"

    def start(self) -> None:
        from urllib.parse import urlsplit

        parts = urlsplit(self.database_url)
        token = secrets.token_hex(20)
        env = {
            **os.environ,
            "LATEST_VERSION_CHECK": "false",
            "DJANGO_DB": "default",
            "POSTGRE_NAME": parts.path.lstrip("/"),
            "POSTGRE_USER": parts.username or "postgres",
            "POSTGRE_PASSWORD": parts.password or "",
            "POSTGRE_HOST": parts.hostname or "127.0.0.1",
            "POSTGRE_PORT": str(parts.port or 5432),
            "LABEL_STUDIO_BASE_DATA_DIR": str(self.workdir),
            "DEBUG": "false",
        }
        args = [self.bin("label-studio"), "start", "--no-browser", "--port", str(self.port)]
        args += ["--username", "bench@example.org", "--password", "bench-pass", "--user-token", token]
        # Label Studio 1.2x signs API calls with JWTs by default; the plain token is the legacy option.
        args += ["--enable-legacy-api-token"]
        web = self.spawn(args, env, "web.log")
        _wait_http(self.port, "/health", 600, web, self.workdir / "web.log")
        self.headers = {"Authorization": f"Token {token}"}
        config = (
            '<View><Labels name="label" toName="text">'
            + "".join(f'<Label value="{t}"/>' for t in LABELS)
            + '</Labels><Text name="text" value="$text"/></View>'
        )
        self.project = _json(self.call("POST", "/api/projects", {"title": "bench", "label_config": config}))["id"]

    def import_documents(self, texts: list[str]) -> float:
        started = time.perf_counter()
        self.call("POST", f"/api/projects/{self.project}/import", [{"text": t} for t in texts])
        # The import may finish in the background: done when every task is listed.
        while True:
            listed = _json(self.call("GET", f"/api/tasks?project={self.project}&page=1&page_size=1"))
            if listed.get("total", 0) >= len(texts):
                return time.perf_counter() - started
            if time.perf_counter() - started > 900:
                raise PeerError("import did not finish within 15 minutes")
            time.sleep(0.05)

    def documents(self) -> list[tuple[int, int]]:
        listed = _json(self.call("GET", f"/api/tasks?project={self.project}&page=1&page_size=5000"))
        return [(t["id"], len(t["data"]["text"])) for t in listed["tasks"]]

    def create_span(self, doc: int, start: int, end: int):
        value = {"start": start, "end": end, "labels": [LABELS[0]]}
        result = [{"from_name": "label", "to_name": "text", "type": "labels", "value": value}]
        return self.call("POST", f"/api/tasks/{doc}/annotations", {"result": result})

    def read_document(self, doc: int) -> list:
        return [self.call("GET", f"/api/tasks/{doc}")]

    def list_page(self, number: int):
        return self.call("GET", f"/api/tasks?project={self.project}&page={number}&page_size=50")


def _measure(peer: Peer, texts: list[str], spans: int, repeat: int) -> dict:
    result: dict = {"peer": peer.name}
    peer.start()
    result["import_s"] = round(peer.import_documents(texts), 2)
    docs = peer.documents()
    rng = random.Random(16)
    annotated = []
    # The workload's spans, the last `repeat` of them timed: each on a fresh connection.
    times = []
    for n in range(spans):
        doc, length = rng.choice(docs)
        start = rng.randrange(0, max(1, length - 40))
        response = peer.create_span(doc, start, start + 30)
        annotated.append(doc)
        if n >= spans - repeat:
            times.append(response.ms)
    result["create_span_ms"] = _p50(times)
    result["read_document_ms"] = _p50(
        [sum(r.ms for r in peer.read_document(rng.choice(annotated))) for _ in range(repeat)]
    )
    deep = min(40, -(-len(docs) // 50))  # page 40, or the last page of a smaller run
    for number, label in ((1, 1), (deep, 40)):
        result[f"list_page_{label}_ms"] = _p50([peer.list_page(number).ms for _ in range(repeat)])
    time.sleep(3)
    pids = [pid for process in peer.processes if process.poll() is None for pid in _tree(process.pid)]
    result["idle_rss_mib"], result["idle_pss_mib"] = _pss(pids)
    return result


def _ours(args) -> dict:
    """annotator's side: bench/peers.py in its own database, as `make bench --only peers` runs it."""
    from .env import run_module, side_database_url

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        run_module(
            "peers",
            [
                "--articles",
                str(args.articles),
                "--spans",
                str(args.spans),
                "--repeat",
                str(args.repeat),
                "--json",
                str(out),
            ],
            side_database_url("peers"),
            timeout=3600,
        )
        return json.loads(out.read_text())


OURS = {
    "import 2,000 documents in one call": lambda r: r["import"]["all_cores_s"],
    "create one span / statement (ms)": lambda r: _op(r, "create one statement"),
    "one document with its spans (ms)": lambda r: _fast(r, "one article with its statements, both requests"),
    "document list, first page (ms)": lambda r: _op(r, "API article list, first page"),
    "document list, page 40 (ms)": lambda r: _op(r, "API article list, page 40"),
    "idle memory, web + worker (MiB PSS)": lambda r: _op(r, "idle memory, web + worker (MiB, PSS)"),
}
THEIRS = {
    "import 2,000 documents in one call": "import_s",
    "create one span / statement (ms)": "create_span_ms",
    "one document with its spans (ms)": "read_document_ms",
    "document list, first page (ms)": "list_page_1_ms",
    "document list, page 40 (ms)": "list_page_40_ms",
    "idle memory, web + worker (MiB PSS)": "idle_pss_mib",
}


def _op(result, name):
    return next((o["p50_ms"] for o in result["operations"] if o["operation"] == name), None)


def _fast(result, name):
    return next((o["fast_p50_ms"] for o in result["fast_paths"]["operations"] if o["operation"] == name), None)


def table(ours: dict | None, peers: list[dict]) -> str:
    from .stats import table as render

    headers = ["operation", "annotator"]
    for peer in peers:
        headers += [peer["peer"], "peer / annotator"]
    rows = []
    for label, pick in OURS.items():
        mine = pick(ours) if ours and "error" not in ours else None
        row = [label, mine]
        for peer in peers:
            theirs = peer.get(THEIRS[label])
            row += [theirs, round(theirs / mine, 2) if theirs and mine else None]
        rows.append(row)
    out = render("Peers' workload, one run (p50, fresh connection per request)", headers, rows)
    for peer in peers:
        if "error" in peer:
            out += f"\n{peer['peer']}: FAILED: {peer['error']}"
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peer_apps")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--spans", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument(
        "--peer-spans", type=int, default=2000, help="spans each peer gets through its API before reads are timed"
    )
    parser.add_argument("--only", default="annotator,doccano,label-studio")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",")}
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("bench.peer_apps needs PostgreSQL: set DATABASE_URL=postgres://...")
    from .corpus import import_texts
    from .env import recreate_database, side_database_url

    texts = [raw for _, raw in import_texts(args.articles, seed=1616, min_chars=2700, max_chars=3300)]
    results: dict = {"peers": []}
    if "annotator" in only:
        print("annotator ...", flush=True)
        try:
            results["annotator"] = _ours(args)
        except Exception as error:  # noqa: BLE001 - the peers still run
            results["annotator"] = {"error": f"{type(error).__name__}: {error}"}
    for key, cls, suffix in (("doccano", Doccano, "doccano"), ("label-studio", LabelStudio, "labelstudio")):
        if key not in only:
            continue
        print(f"{cls.name} ...", flush=True)
        url = side_database_url(suffix)
        workdir = Path(tempfile.mkdtemp(prefix=f"bench-{key}-"))
        peer = cls(url, workdir)
        try:
            recreate_database(url, suffix)
            results["peers"].append(_measure(peer, texts, max(args.peer_spans, args.repeat), args.repeat))
        except Exception as error:  # noqa: BLE001 - a peer that fails is reported, the others run
            results["peers"].append({"peer": cls.name, "error": f"{type(error).__name__}: {error} (logs in {workdir})"})
        finally:
            peer.stop()
        print(f"  {results['peers'][-1]}", flush=True)
    print(table(results.get("annotator"), results["peers"]))
    if args.json:
        args.json.write_text(json.dumps(results))
    return 1 if any("error" in p for p in results["peers"]) else 0


if __name__ == "__main__":
    sys.exit(main())
