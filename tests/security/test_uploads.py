"""Uploads: bounded in size, typed by their content, HTML parsed without running or fetching
anything, and no file name ever used as a path."""

import os
import socket
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from annotator.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


def _upload(client, name: str, data: bytes, **fields):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post("/articles/new/", {"file": upload, "action": "save", **fields})


# Size ------------------------------------------------------------------------------------


@override_settings(ANNOTATOR_MAX_UPLOAD_BYTES=2000)
def test_an_upload_over_the_limit_is_refused_with_the_limit_named(analyst_client):
    response = _upload(analyst_client, "long.txt", b"Iran denied it. " * 200)
    assert response.status_code == 422
    html = response.content.decode()
    assert "an import may be at most" in html and "Split it into smaller files" in html
    assert not Article.objects.exists()


@override_settings(ANNOTATOR_MAX_UPLOAD_BYTES=2000)
def test_pasted_text_over_the_limit_is_refused_too(analyst_client):
    response = analyst_client.post("/articles/new/", {"text": "Iran denied it. " * 200, "action": "save"})
    assert response.status_code == 422
    assert not Article.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=5000)
def test_a_request_body_over_djangos_limit_is_a_400_not_a_crash(analyst_client):
    analyst_client.raise_request_exception = False
    response = analyst_client.post("/articles/new/", {"text": "x" * 20_000, "action": "save"})
    assert response.status_code == 400
    assert not Article.objects.exists()


# Type, by content ------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ZIP = b"PK\x03\x04" + b"\x00" * 64


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("photo.txt", PNG, "is a PNG image"),
        ("page.html", ZIP, "ZIP archive"),
        ("notes.txt", b"\x00\x01\x02\x03" * 500, "is binary"),
        ("article.pdf", b"%PDF-1.7 ...", "not a .txt, .html or .jsonl file"),
        ("run.exe", b"MZ\x90\x00", "not a .txt, .html or .jsonl file"),
    ],
)
def test_a_file_is_judged_by_its_content_not_its_name(analyst_client, name, data, says):
    response = _upload(analyst_client, name, data)
    assert response.status_code == 422
    assert says in response.content.decode()
    assert not Article.objects.exists()


def test_html_named_txt_is_read_as_html(analyst_client):
    page = (
        b"<html><head><title>Strikes</title></head><body><article>"
        b"<p>Iran denied any role in the strikes on Wednesday, officials said.</p></article></body></html>"
    )
    response = _upload(analyst_client, "saved.txt", page)
    assert response.status_code == 302
    article = Article.objects.get()
    assert "<p>" not in article.body and "Iran denied any role" in article.body


# HTML: nothing runs, nothing is fetched -----------------------------------------------


class ConnectionRecorder:
    """A local TCP server that records every connection made to it."""

    def __init__(self):
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections: list = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, address = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(address)
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def recorder():
    server = ConnectionRecorder()
    # The recorder itself works: a real connection is seen (then forgotten).
    socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
    for _ in range(50):
        if server.connections:
            break
        threading.Event().wait(0.05)
    assert len(server.connections) == 1
    server.connections.clear()
    yield server
    server.close()


def _trap_page(port: int) -> bytes:
    base = f"http://127.0.0.1:{port}"
    return f"""<!doctype html><html><head>
<title>Iran strikes</title>
<meta http-equiv="refresh" content="0; url={base}/refresh">
<link rel="stylesheet" href="{base}/style.css">
<link rel="canonical" href="{base}/canonical">
<script src="{base}/remote.js"></script>
<script>fetch("{base}/inline-fetch"); document.title = "ran";</script>
<style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}</style>
</head><body>
<img src="{base}/pixel.gif" srcset="{base}/pixel-2x.gif 2x" onerror="fetch('{base}/onerror')">
<iframe src="{base}/frame"></iframe><object data="{base}/object"></object>
<article><p>Pentagon spokesperson John Kirby said there were indications that Iranian jets flew missions over Iraq.</p>
<p>A senior Iranian official told Reuters that Iran has never been involved in any air strikes.</p></article>
<video poster="{base}/poster.jpg"><source src="{base}/video.mp4"></video>
</body></html>""".encode()


def test_an_uploaded_html_page_is_read_without_running_or_fetching_anything(analyst_client, recorder):
    page = _trap_page(recorder.port)

    preview = _upload(analyst_client, "page.html", page, action="preview")
    saved = _upload(analyst_client, "page.html", page)
    pasted = analyst_client.post("/articles/new/", {"text": page.decode(), "action": "save"})

    assert preview.status_code == 200 and saved.status_code == 302 and pasted.status_code == 302
    article = Article.objects.get()
    assert "John Kirby said there were indications" in article.body
    assert "fetch(" not in article.body and "document.title" not in article.body
    reader = analyst_client.get(f"/articles/{article.pk}/").content.decode()
    assert f"127.0.0.1:{recorder.port}" not in reader.replace(f"http://127.0.0.1:{recorder.port}/canonical", "")
    assert recorder.connections == [], f"the import fetched {recorder.connections}"


def test_html_in_a_jsonl_batch_and_over_the_api_is_not_fetched_either(analyst_client, recorder, client_api):
    import json

    line = json.dumps({"title": "Trap", "html": _trap_page(recorder.port).decode()})
    response = _upload(analyst_client, "batch.jsonl", line.encode())
    assert response.status_code == 302
    api_response = client_api.post(
        "/api/v1/articles/", {"raw": _trap_page(recorder.port).decode(), "format": "html"}, format="json"
    )
    assert api_response.status_code in (201, 409)
    assert recorder.connections == []


@pytest.fixture
def client_api(analyst):
    from rest_framework.test import APIClient

    from annotator.services.tokens import token_create

    api = APIClient()
    _, key = token_create(user=analyst, name="uploads")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


# File names are never paths ------------------------------------------------------------


def _files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


@pytest.mark.parametrize(
    "name, outcome",
    [
        ("../../etc/passwd", 422),  # no .txt/.html/.jsonl suffix: refused, by its name only
        ("../../../../tmp/annotator-evil.txt", 302),
        ("..\\..\\windows\\evil.txt", 302),
        ("/absolute/evil.html", 302),
        ("evil\x00.txt", 302),
    ],
)
def test_an_uploaded_files_name_is_never_used_as_a_path(analyst_client, tmp_path, name, outcome):
    media, uploads = tmp_path / "media", tmp_path / "uploads"
    media.mkdir()
    uploads.mkdir()
    passwd = Path("/etc/passwd")
    passwd_stat = passwd.stat() if passwd.exists() else None
    outside = Path("/tmp/annotator-evil.txt")
    cwd_before = _files_under(Path.cwd() / "media") if (Path.cwd() / "media").exists() else set()
    # Every upload spooled to disk (the riskiest path), in a folder we watch.
    with override_settings(MEDIA_ROOT=media, FILE_UPLOAD_TEMP_DIR=str(uploads), FILE_UPLOAD_MAX_MEMORY_SIZE=0):
        response = _upload(analyst_client, name, b"Iran denied any involvement in the strikes.")

    assert response.status_code == outcome
    assert _files_under(media) == set()
    assert _files_under(uploads) == set(), "a spooled upload was left behind"
    assert not outside.exists()
    assert not (tmp_path / "etc").exists() and not (media.parent.parent / "etc" / "passwd").exists()
    if passwd_stat is not None:
        assert passwd.stat().st_mtime == passwd_stat.st_mtime
    if (Path.cwd() / "media").exists():
        assert _files_under(Path.cwd() / "media") == cwd_before
    for article in Article.objects.all():
        assert os.sep + "etc" not in article.title and ".." not in article.title
