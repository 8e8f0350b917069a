"""The framework's floor: what a request costs on this machine before any of our work,
served by the same gunicorn and production settings with a bench-only URL conf
(`DJANGO_SETTINGS_MODULE=bench.floor`), so that the peers' per-request times can be
read against it. The app itself serves none of these URLs.

- a plain Django view, anonymous
- a Django view that only loads the signed-in user from its session (2 lookups)
- a DRF view that only authenticates an API token (1 lookup)"""

from annotator.settings import *  # noqa: F403 -- the production settings, one URL conf more

ROOT_URLCONF = "bench.floor_urls"
