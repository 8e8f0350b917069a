"""2. REST, in process: statements first page, a page deep in the cursor, one statement,
filtered by speaker and stance; server time and SQL queries."""

from __future__ import annotations

from base64 import b64encode
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from annotator.models import Statement
from annotator.services.tokens import token_create

from .measure_pages import measure_get


def api_token(username: str) -> str:
    """A fresh API key for `username` (the key of an earlier run is not stored, so it is replaced)."""
    user = get_user_model().objects.get(username=username)
    user.api_tokens.filter(name="bench").delete()
    _token, key = token_create(user=user, name="bench")
    return key


def cursor_at(position: int) -> str:
    """The `cursor` a client holds after following `next` up to id `position` (DRF's
    CursorPagination encodes the last id seen). Built directly: following 18,000 pages
    to get there would measure the walk, not the page."""
    return b64encode(urlencode({"p": str(position)}).encode("ascii")).decode("ascii")


def run(ds, repeat: int, token: str) -> dict:
    headers = {"Authorization": f"Token {token}"}
    client = Client()
    statements = reverse("api:statement-list")
    last_id = Statement.objects.order_by("-id").values_list("id", flat=True).first() or 1
    deep = int(last_id * 0.9)
    one = Statement.objects.filter(id__gte=last_id // 2).order_by("id").values_list("id", flat=True).first()
    requests = {
        "statements, first page": statements,
        "statements, deep cursor page (90% in)": f"{statements}?cursor={cursor_at(deep)}",
        "one statement": reverse("api:statement-detail", args=[one]),
        "statements by speaker + stance": f"{statements}?speaker={ds.top_speaker}&stance=denial",
        "statements by proposition": f"{statements}?proposition={ds.hot_proposition}",
        "articles, first page": reverse("api:article-list"),
    }
    return {label: measure_get(client, url, repeat, headers) for label, url in requests.items()}
