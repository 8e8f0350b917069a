"""The authentication backend: Django's, loading a signed-in user's role with the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from annotator.db import prepared
from annotator.roles import group_names, remember_role


class ModelBackendWithRole(ModelBackend):
    """Every page asks for the user's role; fetching it with the user spares a query per request."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(group_names=group_names())
        with prepared():
            user = users.filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        remember_role(user, user.group_names)
        return user
