"""What a web worker carries: gunicorn loads the app and the URLconf (every view) once,
in its master, and forks the workers from it, so whatever those imports pull in is held
by every worker. scikit-learn and SciPy (about 100 MiB) are for training and scoring
jobs, NumPy (15 MiB) for the trained tagger, which tags texts in task workers: loading
the web app must not import them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOAD_THE_WEB_APP = """
import sys
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
from django.urls import get_resolver
get_resolver().url_patterns
print(' '.join(sorted(m for m in ('numpy', 'sklearn', 'scipy') if m in sys.modules)))
"""


def test_loading_the_app_and_every_view_imports_neither_scikit_learn_nor_scipy_nor_numpy():
    result = subprocess.run(
        [sys.executable, "-c", LOAD_THE_WEB_APP],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "annotator.settings",
            "DEBUG": "1",
            "SECRET_KEY": "test-only-secret-key-for-the-import-check-0123456789",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == ""
