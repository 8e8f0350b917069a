"""Sessions in the database, as Django keeps them, with their lookup compiled once and prepared."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from annotator.db import CompiledQuery

_FIELDS = [f.attname for f in Session._meta.concrete_fields]


def _by_key(session_key):
    # Django's lookup also asks `expire_date > now` in SQL; a datetime cannot be a marker
    # parameter (SQLite gets it as text), so the expiry is compared below instead.
    return Session.objects.filter(session_key=session_key).values_list(*_FIELDS)


# Every signed-in request looks its session up by key: built and compiled by the ORM each
# time it cost more than the lookup itself (issue 16).
_SESSION_QUERY = CompiledQuery(_by_key, session_key="compiled-session-lookup-marker")


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """What Django's returns: the live session of this key, else None (and the key forgotten)."""
        if self.session_key is not None and self.get_model_class() is Session:
            rows = _SESSION_QUERY.rows(session_key=self.session_key)
            if rows:
                session = Session.from_db("default", _FIELDS, rows[0])
                if session.expire_date > timezone.now():
                    return session
            self._session_key = None
            return None
        return super()._get_session_from_db()
