"""Fixtures for fetching pages: a server on 127.0.0.1, a resolver the test controls, and
a guard that refuses any connection off this machine.

The guard is what makes the SSRF tests safe to write: a fetcher that forgot a check
would try to reach 10.0.0.5 or 169.254.169.254, and the guard records the attempt and
fails it before a packet leaves. It is on for every test in this folder."""

import ipaddress
import shutil
import socket
import ssl
import subprocess

import pytest

from tests.ingest.pages import Connections, FakeDNS, PageServer


@pytest.fixture
def page_server():
    server = PageServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """A self-signed certificate for secure.example.test, made with the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make a test certificate: apt-get install openssl")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=secure.example.test",
         "-addext", "subjectAltName=DNS:secure.example.test", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_page_server(certificate):
    """The page server over TLS, with the certificate of secure.example.test."""
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = PageServer(tls=context)
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(autouse=True)
def connections(monkeypatch) -> Connections:
    """Only loopback can be reached in these tests: anything else is recorded and refused."""
    seen = Connections()
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host, port = address[0], address[1]
        seen.attempts.append((host, port))
        if not ipaddress.ip_address(host.split("%")[0]).is_loopback:
            raise OSError(f"test guard: connecting to {host} is not allowed in tests")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return seen


@pytest.fixture
def fake_dns(monkeypatch) -> FakeDNS:
    dns = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", dns.getaddrinfo)
    return dns


@pytest.fixture
def loopback_allowed(settings, page_server) -> PageServer:
    """The page server, reachable through the settings: 127.0.0.1 on the allow-list, its port allowed."""
    settings.ANNOTATOR_FETCH_ALLOW_NETWORKS = "127.0.0.1/32"
    settings.ANNOTATOR_FETCH_ALLOWED_PORTS = f"80,443,{page_server.port}"
    settings.ANNOTATOR_FETCH_TIMEOUT = 5
    return page_server
