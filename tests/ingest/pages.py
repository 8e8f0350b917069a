"""A web server on 127.0.0.1 for fetch tests, a resolver the test controls, and the record
of connections the guard in conftest.py keeps (see there)."""

import http.server
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Iran denies air strikes in Iraq | The Daily Example</title>
<meta property="og:title" content="Iran denies air strikes in Iraq">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2014-12-03T10:15:00+00:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/markets">Markets</a></nav>
<article>
<h1>Iran denies air strikes in Iraq</h1>
<p>Iranian officials on Wednesday denied accusations that its military has been involved in airstrikes
against Islamic State targets in Iraq, a senior official told Reuters.</p>
<p>The Pentagon said on Tuesday it had indications that Iranian jets had carried out strikes in eastern
Iraq in recent days, and that it had not coordinated with Tehran.</p>
<p>“Iran has not taken part in any air strike on the positions of the Daesh terrorist group in Iraq,”
the official said, using an Arabic name for the group.</p>
<p>A general, speaking to The Guardian, denied any collaboration with the United States in the campaign.</p>
</article>
<footer>Sign up for our newsletter</footer>
</body></html>
"""


@dataclass
class Reply:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    # Sent in pieces, `pause` seconds apart (a slow site); 0: all at once.
    pieces: int = 1
    pause: float = 0.0
    # Seconds to wait before the status line (a site that never answers).
    wait: float = 0.0
    # No Content-Length: the body ends when the connection closes.
    length: bool = True


@dataclass
class Seen:
    path: str
    host: str


class PageServer:
    def __init__(self, tls: ssl.SSLContext | None = None):
        self.replies: dict[str, Reply | Callable[[], Reply]] = {}
        self.seen: list[Seen] = []
        self.server_names: list[str | None] = []  # TLS SNI, per handshake
        self.scheme = "https" if tls else "http"
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self):
                server.seen.append(Seen(path=self.path, host=self.headers.get("Host", "")))
                reply = server.replies.get(self.path)
                reply = reply() if callable(reply) else reply
                if reply is None:
                    reply = Reply(status=404, body=b"not here")
                time.sleep(reply.wait)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                step = max(1, -(-len(reply.body) // reply.pieces))
                for start in range(0, len(reply.body), step):
                    self.wfile.write(reply.body[start : start + step])
                    self.wfile.flush()
                    time.sleep(reply.pause)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # the fetcher hanging up on a slow or huge reply is what the test wants

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        if tls is not None:
            tls.sni_callback = lambda sock, name, context: self.server_names.append(name)
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **kwargs) -> str:
        body = body.encode() if isinstance(body, str) else body
        self.replies[path] = Reply(body=body, headers={"Content-Type": content_type}, **kwargs)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.replies[path] = Reply(status=status, headers={"Location": location})
        return self.url(path)


@dataclass
class Connections:
    """Every connection attempted in the test, as (address, port); off-machine ones failed."""

    attempts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def addresses(self) -> list[str]:
        return [address for address, _ in self.attempts]


class FakeDNS:
    """Answers for names the test chooses: each lookup of a name takes the next answer
    in its list (the last one repeats). Unknown names do not resolve."""

    def __init__(self):
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []

    def add(self, name: str, *answers: list[str] | str) -> None:
        self.answers[name] = [[a] if isinstance(a, str) else list(a) for a in answers]

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        self.lookups.append(host)
        queue = self.answers.get(host)
        if not queue:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        infos = []
        for address in answer:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
            infos.append((family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr))
        return infos
