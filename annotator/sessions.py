"""Sessions in the database, as Django keeps them, with their lookup prepared."""

from django.contrib.sessions.backends import db

from annotator.db import prepared


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        # Every signed-in request looks its session up by key: a plan worth keeping.
        with prepared():
            return super()._get_session_from_db()
