"""A newcomer's first hour, end to end: in a copy of the checkout, `make run` serves the demo
with the task worker beside it, and every `manage.py` command the README shows then works
when pasted into another terminal, without exporting DEBUG or SECRET_KEY.

The checkout is a copy of this one (tracked and new files, no database, no .env.dev) with
the shared virtualenv linked in, served on a free port on SQLite."""

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.slow

# A minimal environment, as in a fresh terminal: no DEBUG, SECRET_KEY or DATABASE_URL.
CLEAN_ENV = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
STARTUP_DEADLINE = 240  # seconds for migrate + loaddemo + the server to answer, on a busy machine
JOB_DEADLINE = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def readme_commands() -> list[str]:
    """Every line of the README's shell blocks that runs manage.py from the checkout's venv."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if re.match(r"^([A-Z_]+=\S+ )*\.venv/bin/python manage\.py ", line)]


def as_pasted(line: str, *, demo_article: int) -> list[str]:
    """The shell lines a reader runs for one README line: its comment dropped, a format list
    (`csv|jsonl|w3c`) as one line per format, an example article id as the demo article's,
    and the long-running worker for one pass (--batch) instead of until Ctrl-C."""
    line = re.sub(r"\s+#.*$", "", line)
    line = re.sub(r"--article \d+", f"--article {demo_article}", line)
    if re.search(r" (db_)?worker\b", line):
        line += " --batch"
    choice = re.search(r"(\w+(?:\|\w+)+)", line)
    if not choice:
        return [line]
    return [line.replace(choice.group(1), option) for option in choice.group(1).split("|")]


def example_inputs(checkout: Path) -> None:
    """The files the README's examples name, so its commands can be pasted as they are."""
    folder = checkout / "path" / "to" / "folder"
    folder.mkdir(parents=True)
    (folder / "one.txt").write_text(
        "Officials in Baghdad denied the report on Monday.\n\n"
        '"No foreign aircraft struck our territory," a government spokesman told Reuters.\n',
        encoding="utf-8",
    )
    (checkout / "more.html").write_text(
        "<html><head><title>Ministry responds</title></head><body><article><h1>Ministry responds</h1>"
        "<p>The ministry said on Tuesday that the talks would continue next week in Vienna.</p>"
        "<p>&ldquo;We remain committed to the process,&rdquo; the spokeswoman said.</p></article></body></html>",
        encoding="utf-8",
    )
    batch = [
        {"title": "Talks resume", "text": "Diplomats said the talks would resume in Geneva on Friday."},
        {"title": "Ceasefire holds", "text": "The army said the ceasefire had held overnight in the north."},
    ]
    (checkout / "batch.jsonl").write_text("".join(json.dumps(line) + "\n" for line in batch), encoding="utf-8")
    (checkout / "page.txt").write_text(
        '"We did not order the strike," the minister told reporters on Wednesday.\n', encoding="utf-8"
    )
    text = '"It is going well so far," Ross said.'
    gold = {"source": {"start": 27, "end": 31, "text": "Ross"}, "cue": {"start": 32, "end": 36, "text": "said"}}
    polnear = checkout.parent / "shared" / "polnear"
    polnear.mkdir(parents=True)
    (polnear / "polnear_dev.jsonl").write_text(
        json.dumps({"id": "a", "text": text, "attributions": [gold]}) + "\n", encoding="utf-8"
    )


def copy_checkout(target: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (entry.decode() for entry in listed)):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
    (target / ".venv").symlink_to((ROOT / ".venv").resolve())


def default_sigint():
    # Ctrl-C must reach `make run` as in a terminal, even when pytest runs in the background.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`make run` in a fresh copy of the checkout, until the module is done."""
    if not (ROOT / ".venv" / "bin" / "python").exists():
        pytest.skip("needs the checkout's virtualenv (.venv)")
    checkout = tmp_path_factory.mktemp("first-hour") / "annotator"
    copy_checkout(checkout)
    port = free_port()
    log = open(checkout.parent / "make-run.log", "w+b")  # noqa: SIM115 (closed at teardown)
    # -o: the shared virtualenv is installed already; copying made requirements.txt look newer.
    process = subprocess.Popen(
        ["make", "-o", ".venv/.installed", "run", f"PORT={port}"],
        cwd=checkout,
        env=CLEAN_ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=default_sigint,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_DEADLINE
    while True:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"make run exited with {process.returncode}:\n{log.read().decode()}")
        try:
            if requests.get(f"{url}/accounts/login/", timeout=5).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("make run did not serve the login page")
        time.sleep(0.5)
    yield checkout, url, process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    log.close()


def manage(checkout: Path, line: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", line], cwd=checkout, env={**CLEAN_ENV, **env}, capture_output=True, text=True, timeout=600
    )


def test_make_run_writes_a_dev_configuration_with_debug_on_and_a_secret_of_its_own(served):
    checkout, _, _ = served
    config = checkout / ".env.dev"
    assert config.stat().st_mode & 0o777 == 0o600
    lines = dict(line.split("=", 1) for line in config.read_text().splitlines() if not line.startswith("#"))
    assert lines["DEBUG"] == "1"
    assert len(lines["SECRET_KEY"]) >= 50 and "insecure" not in lines["SECRET_KEY"]


def test_every_manage_py_command_in_the_readme_works_when_pasted_after_make_run(served):
    checkout, _, _ = served
    example_inputs(checkout)
    commands = readme_commands()
    named = {words[words.index("manage.py") + 1] for words in map(shlex.split, commands)}
    assert named >= {"import_articles", "clean_text", "suggest", "worker"}
    # Not in the README's local sections, but the first thing a newcomer types for an account.
    commands.append(".venv/bin/python manage.py createsuperuser --no-input --username me --email me@example.org")
    for line in commands:
        for pasted in as_pasted(line, demo_article=1):
            result = manage(checkout, pasted, DJANGO_SUPERUSER_PASSWORD="a long enough password 42")
            assert "SECRET_KEY is not set" not in result.stderr, pasted
            assert result.returncode == 0, f"{pasted}\n{result.stdout}\n{result.stderr}"


def test_without_debug_manage_py_still_refuses_to_start_with_no_secret_of_its_own(served):
    checkout, _, _ = served
    result = manage(checkout, ".venv/bin/python manage.py check", DEBUG="0")
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_the_web_server_entry_point_never_reads_the_dev_configuration(served):
    checkout, _, _ = served
    result = manage(checkout, ".venv/bin/python -c 'import annotator.wsgi'")
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_a_background_import_is_queued_and_run_by_the_worker_beside_the_server(served):
    checkout, url, _ = served
    browser = requests.Session()
    login = browser.get(f"{url}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    browser.post(
        f"{url}/accounts/login/",
        data={"username": "demo", "password": "demo-password", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{url}/accounts/login/"},
    ).raise_for_status()
    form = browser.get(f"{url}/articles/new/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    batch = "".join(
        json.dumps({"title": f"Background {n}", "text": f"The envoy said on day {n} that the talks went on."}) + "\n"
        for n in range(3)
    )
    created = browser.post(
        f"{url}/articles/new/",
        data={"text": batch, "fmt": "jsonl", "action": "background", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{url}/articles/new/"},
    )
    created.raise_for_status()
    job_url = created.url
    assert re.search(r"/jobs/\d+/$", job_url), job_url
    deadline = time.monotonic() + JOB_DEADLINE
    while "Background 2" not in (page := browser.get(job_url).text) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "Background 2" in page
    # Run by the worker, not inside the request: the task framework's row names the worker.
    job = int(job_url.rstrip("/").rsplit("/", 1)[1])
    code = (
        "from annotator.models import Job; from django_tasks_db.models import DBTaskResult; "
        f"print(len(DBTaskResult.objects.get(id=Job.objects.get(pk={job}).task_result_id).worker_ids))"
    )
    shown = manage(checkout, f".venv/bin/python manage.py shell --no-imports -c {shlex.quote(code)}")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "1"


def test_ctrl_c_stops_the_server_and_the_worker(served):
    _, url, process = served
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    with pytest.raises(ProcessLookupError):  # nothing of the group is left running
        for _ in range(50):
            os.killpg(process.pid, 0)
            time.sleep(0.2)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/accounts/login/", timeout=5)
