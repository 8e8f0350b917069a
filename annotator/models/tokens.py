import hashlib
import secrets

from django.conf import settings
from django.db import models

# Shown in front of every key so a leaked key is recognisable (secret scanners, logs).
KEY_PREFIX = "ann_"
# How much of the key the profile page shows to tell tokens apart.
DISPLAY_LENGTH = len(KEY_PREFIX) + 6


def hash_key(key: str) -> str:
    """Keys are 256 random bits, so a fast hash is enough: there is nothing to brute-force."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    """A named API key of one user. Only its hash is stored: a copy of the database
    holds no usable key, and the key itself is shown once, when it is created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text='What the token is for, e.g. "dashboard script".')
    key_prefix = models.CharField(max_length=DISPLAY_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                name="api_token_name_unique_per_user",
                violation_error_message="You already have a token with this name.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"
