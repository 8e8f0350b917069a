"""A new password revokes the user's API tokens.

A key copied into a script or leaked must not outlive the password change that is meant
to shut a compromised account. Caught at the save, so every way of setting a password
counts: the password page, the admin's password form, `changepassword`, a reset."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from annotator.services.tokens import tokens_revoke_all


@receiver(pre_save, sender=get_user_model())
def _note_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._password_changed = False
    if raw or instance._state.adding or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=get_user_model())
def _revoke_tokens_on_password_change(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_password_changed", False):
        # How many, for the notice the password page shows.
        instance._revoked_tokens = tokens_revoke_all(user=instance)
        instance._password_changed = False
