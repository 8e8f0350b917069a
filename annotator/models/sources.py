from django.db import models
from django.utils.text import slugify

from .aliases import normalise_aliases, validate_aliases


class SourceKind(models.TextChoices):
    WIRE = "wire", "Wire agency"
    NEWSPAPER = "newspaper", "Newspaper"
    BROADCASTER = "broadcaster", "Broadcaster"
    MAGAZINE = "magazine", "Magazine"
    GOVERNMENT = "government", "Government"
    NGO = "ngo", "NGO"
    OTHER = "other", "Other"


class Source(models.Model):
    """A news outlet or agency: publishes articles, relays statements."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    homepage = models.URLField(blank=True, max_length=500)
    aliases = models.JSONField(default=list, blank=True, validators=[validate_aliases])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        self.name = " ".join(self.name.split())
        self.aliases = normalise_aliases(self.aliases)
        if not self.slug:
            self.slug = slugify(self.name)[:200]

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def is_called(self, name: str) -> bool:
        """True when `name` is this source's name or one of its aliases, ignoring case and spacing."""
        wanted = " ".join(name.split()).casefold()
        return any(wanted == known.casefold() for known in self.names)
