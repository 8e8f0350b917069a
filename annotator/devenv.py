"""The development configuration that `make run` writes: `.env.dev` at the checkout's root.

The rule, in one place: `manage.py` (and only manage.py) reads `.env.dev` when it exists.
It takes DEBUG from the file unless the environment sets DEBUG, and the file's SECRET_KEY
unless the environment sets one, and only when DEBUG is then on. So every README command
(`.venv/bin/python manage.py ...`) works in a checkout after `make run`, while
gunicorn (annotator.wsgi), the Docker image (.dockerignore) and the tests never read the
file, and `DEBUG=0 manage.py ...` still refuses to start without a real secret.

Pure Python, no Django: manage.py applies it before Django reads the settings."""

import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path

DEV_ENV = ".env.dev"
# Only these two: the file is a switch for local development, not a second settings source.
KEYS = ("DEBUG", "SECRET_KEY")


def is_on(value: str | None) -> bool:
    # The same reading as annotator.settings.env_bool.
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def parse(text: str) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and # comments are skipped, other keys ignored."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        if key.strip() in KEYS:
            values[key.strip()] = value.strip()
    return values


def apply(values: dict[str, str], environ: MutableMapping[str, str]) -> None:
    """Fill DEBUG, then (with DEBUG on) SECRET_KEY, from `values` where `environ` has none."""
    if not environ.get("DEBUG") and "DEBUG" in values:
        environ["DEBUG"] = values["DEBUG"]
    if is_on(environ.get("DEBUG")) and not environ.get("SECRET_KEY") and values.get("SECRET_KEY"):
        environ["SECRET_KEY"] = values["SECRET_KEY"]


def load(root: Path, environ: MutableMapping[str, str] = os.environ) -> bool:
    """Apply `root/.env.dev` if it exists; True when it did."""
    path = Path(root) / DEV_ENV
    if not path.is_file():
        return False
    apply(parse(path.read_text(encoding="utf-8")), environ)
    return True


def render() -> str:
    """A new `.env.dev`: DEBUG on and a secret generated for this checkout."""
    return (
        "# Written by `make run` for local development. manage.py reads it (annotator/devenv.py);\n"
        "# gunicorn, the Docker image and the tests do not. Never deploy it.\n"
        "DEBUG=1\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
    )


if __name__ == "__main__":
    # `python -m annotator.devenv`: print a new file (the Makefile writes it once).
    print(render(), end="")
