"""Bringing articles in from outside: fetching a web page by its address, safely.

Network code, kept apart from the pure text cleaning in annotator/text and, like it,
free of Django: the settings come in as a FetchPolicy (see annotator.services.fetching)."""

from .addresses import AddressRefused, check_address, parse_networks
from .fetch import FetchedPage, FetchError, FetchPolicy, fetch

__all__ = [
    "AddressRefused",
    "FetchError",
    "FetchPolicy",
    "FetchedPage",
    "check_address",
    "fetch",
    "parse_networks",
]
