"""API tokens: created with a name, shown once, checked by hash, revoked at once."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from annotator.db import CompiledQuery
from annotator.models import ApiToken
from annotator.models.tokens import DISPLAY_LENGTH, KEY_PREFIX, hash_key, new_key
from annotator.roles import group_names, member_role_names, remember_member_roles, remember_role

# Writing last_used_at on every request would turn each read into a write; a minute
# is precise enough to tell a token still in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its key. The key is not stored: show it now or never."""
    key = new_key()
    token = ApiToken(user=user, name=" ".join(name.split()), key_prefix=key[:DISPLAY_LENGTH], key_hash=hash_key(key))
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def token_revoke(*, user, token_id: int) -> None:
    """Delete one of `user`'s tokens; requests carrying it fail from now on."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise ApiToken.DoesNotExist(f"You have no token {token_id}.")


_KEY_MARKER = "compiled-token-lookup-marker"


def _token_lookup(key_hash: str):
    # The user, their site role (group names) and their project roles come along: one
    # query per API request.
    from django.contrib.auth import get_user_model

    user_fields = [f.attname for f in get_user_model()._meta.concrete_fields]
    return (
        ApiToken.objects.filter(key_hash=key_hash)
        .annotate(group_names=group_names("user__"), member_roles=member_role_names("user__"))
        .values_list(*TOKEN_FIELDS, *(f"user__{name}" for name in user_fields), "group_names", "member_roles")
    )


TOKEN_FIELDS = [f.attname for f in ApiToken._meta.concrete_fields]
# Compiled once per process: the lookup is the same on every request but for the hash.
_TOKEN_QUERY = CompiledQuery(_token_lookup, key_hash=_KEY_MARKER)


def token_authenticate(key: str) -> ApiToken | None:
    """The live token whose key this is, with its user, or None."""
    if not key.startswith(KEY_PREFIX):
        return None
    rows = _TOKEN_QUERY.rows(key_hash=hash_key(key))
    if not rows:
        return None
    token = _token_from_row(rows[0])
    if not token.user.is_active:
        return None
    remember_role(token.user, token.group_names)
    remember_member_roles(token.user, token.member_roles)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _token_from_row(row: tuple) -> ApiToken:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    user_fields = [f.attname for f in User._meta.concrete_fields]
    n = len(TOKEN_FIELDS)
    token = ApiToken.from_db("default", TOKEN_FIELDS, row[:n])
    token.user = User.from_db("default", user_fields, row[n : n + len(user_fields)])
    token.group_names, token.member_roles = row[-2], row[-1]
    return token


@transaction.atomic
def tokens_revoke_all(*, user) -> int:
    """Delete every token of `user` (their password changed, or an admin signs them out
    everywhere). Returns how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def sessions_end(*, user) -> int:
    """End every signed-in session of `user`. Sessions are stored without their user, so
    the live ones are decoded (a team's few hundred at most); returns how many ended."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def user_sign_out_everywhere(*, user) -> tuple[int, int]:
    """Revoke all of `user`'s API tokens and end all their sessions: (tokens, sessions)."""
    return tokens_revoke_all(user=user), sessions_end(user=user)
