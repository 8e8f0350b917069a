"""Idle memory of the web server and the task worker after every page has been served.

`DATABASE_URL=postgres://.../SCRATCH python -m bench.web_memory [--workers 5] [--rounds 8]`

migrates the database, loads the demo, starts gunicorn with the production settings,
signs in as the demo user through the login form, crawls every page reachable from the
home page (same-origin links, up to `--pages`) plus the API's list endpoints, and
requests each of them `--rounds` times so that every worker has served every page (the
sync workers take connections in turn at random). Then it starts an idle task worker
(or, with `--embedded`, has gunicorn's master fork it) and prints, per process, RSS,
PSS and the private part of it (pages no other process shares), and the totals: issue
16's "idle memory, web (5 workers), with the task worker".

A worker's memory after serving pages, not right after the fork, is what a server holds
once it has run for a while; the earlier figures taken after requests of only two kinds
were a third of it."""

from __future__ import annotations

import argparse
import html.parser
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from .server import Gunicorn, children, manage, production_env, request, task_worker

SKIP = re.compile(r"^/(accounts/logout|static/|media/|admin/.+|.*\.(csv|jsonl|zip|png|svg)$|.*/export)")


def private_memory(pid: int) -> dict:
    values = {"Rss": 0, "Pss": 0, "Private_Clean": 0, "Private_Dirty": 0}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in values:
            values[key] = int(rest.split()[0]) / 1024
    return {
        "rss": values["Rss"],
        "pss": values["Pss"],
        "private": values["Private_Clean"] + values["Private_Dirty"],
    }


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.csrf = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.csrf = attrs.get("value") or ""


def _cookies(response_headers: list[tuple[str, str]], jar: dict) -> None:
    for name, value in response_headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]


def _cookie_header(jar: dict) -> dict:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}


def sign_in(port: int, username: str, password: str) -> dict:
    import http.client

    jar: dict = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/accounts/login/", headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    page = response.read().decode()
    _cookies(response.getheaders(), jar)
    connection.close()
    parser = _Links()
    parser.feed(page)
    body = f"csrfmiddlewaretoken={parser.csrf}&username={username}&password={password}".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Host": "127.0.0.1",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
            **_cookie_header(jar),
        },
    )
    response = connection.getresponse()
    response.read()
    _cookies(response.getheaders(), jar)
    connection.close()
    if response.status != 302 or "sessionid" not in " ".join(jar):
        raise RuntimeError(f"sign-in as {username} failed: {response.status}")
    return jar


def _get(port: int, path: str, headers: dict) -> tuple[int, str, bytes]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        return response.status, response.getheader("Location") or "", response.read()
    finally:
        connection.close()


def crawl(port: int, headers: dict, limit: int) -> list[str]:
    """Every same-origin page reachable from the home page, breadth first."""
    seen, queue, pages = {"/"}, ["/"], []
    shapes = {"/"}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        status, location, body = _get(port, path, headers)
        if status in (301, 302) and location:
            links = [location]
        elif status == 200:
            pages.append(path)
            parser = _Links()
            parser.feed(body.decode(errors="replace"))
            links = parser.links
        else:
            continue
        for href in links:
            parts = urlsplit(urldefrag(href)[0])
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.match(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            # One page of each kind is enough: other ids of the same view run no new code.
            shape = re.sub(r"\d+", "N", parts.path) + "?" + ",".join(sorted(re.findall(r"([^&=]+)=", parts.query)))
            if target in seen or shape in shapes:
                continue
            seen.add(target)
            shapes.add(shape)
            queue.append(target)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web_memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument(
        "--embedded",
        action="store_true",
        help="the task worker forked from gunicorn's master (ANNOTATOR_WEB_TASK_QUEUES='*') instead of its own process",
    )
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("set DATABASE_URL to a scratch database: the demo is loaded into it")

    env = production_env(TASKS_BACKEND="database", **({"ANNOTATOR_WEB_TASK_QUEUES": "*"} if args.embedded else {}))
    manage("migrate", "--no-input", env=env, timeout=600)
    manage("loaddemo", env=env, timeout=600)
    with Gunicorn(workers=args.workers, env=env) as server:
        jar = sign_in(server.port, "demo", "demo-password")
        headers = _cookie_header(jar)
        pages = crawl(server.port, headers, args.pages)
        api = [
            "/api/v1/articles/",
            "/api/v1/statements/",
            "/api/v1/actors/",
            "/api/v1/propositions/",
            "/api/v1/schema/",
        ]
        statuses: dict[int, int] = {}
        for _ in range(args.rounds):
            for path in pages + api:
                status = request(server.port, "GET", path, headers=headers, keep_body=False).status
                statuses[status] = statuses.get(status, 0) + 1
        if args.embedded:
            # The supervisor is the master's child that has children: the task workers.
            time.sleep(5)
            supervisors = [pid for pid in children(server.process.pid) if children(pid)]
            if len(supervisors) != 1:
                sys.exit(f"expected one task worker supervisor under gunicorn's master, found {supervisors}")
            web_pids = sorted(set(children(server.process.pid)) - set(supervisors))
            processes = [("gunicorn master", server.process.pid)]
            processes += [(f"web worker {i + 1}", pid) for i, pid in enumerate(web_pids)]
            processes.append(("task supervisor", supervisors[0]))
            processes += [("task worker", pid) for pid in children(supervisors[0])]
            readings = [(name, private_memory(pid)) for name, pid in processes]
        else:
            with task_worker(env, settle_s=5) as worker:
                processes = [("gunicorn master", server.process.pid)]
                processes += [(f"web worker {i + 1}", pid) for i, pid in enumerate(sorted(server.worker_pids()))]
                processes.append(("task worker", worker.pid))
                readings = [(name, private_memory(pid)) for name, pid in processes]

    print(f"{len(pages)} pages crawled + {len(api)} API lists, {args.rounds} rounds, statuses {statuses}")
    print(f"{'process':<18} {'RSS MiB':>8} {'PSS MiB':>8} {'private MiB':>12}")
    for name, r in readings:
        print(f"{name:<18} {r['rss']:>8.1f} {r['pss']:>8.1f} {r['private']:>12.1f}")
    web = [r for name, r in readings if not name.startswith("task ")]
    for name, rows in (("web total", web), ("web + task worker", [r for _, r in readings])):
        rss, pss, private = (sum(r[key] for r in rows) for key in ("rss", "pss", "private"))
        print(f"{name:<18} {rss:>8.1f} {pss:>8.1f} {private:>12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
