"""The word lists the rules use, read once from the data files in `lexicons/`.

Each file names its sources in its header. Lines hold alternatives separated by "|";
blank lines and lines starting with "#" are ignored."""

import re
from functools import cache
from pathlib import Path

LEXICONS = Path(__file__).with_name("lexicons")


@cache
def lines(name: str) -> tuple[str, ...]:
    """The non-comment lines of `lexicons/<name>.txt`, as they are (for regex lists)."""
    text = (LEXICONS / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@cache
def entries(name: str) -> tuple[tuple[str, ...], ...]:
    """The lines of `lexicons/<name>.txt`, each split into its "|"-separated forms."""
    return tuple(tuple(" ".join(form.split()) for form in line.split("|") if form.strip()) for line in lines(name))


@cache
def forms(name: str) -> frozenset[str]:
    """Every form in `lexicons/<name>.txt`."""
    return frozenset(form for row in entries(name) for form in row)


def alternation(words) -> str:
    """A regex alternation of `words`, longest first so "ruled out" beats "ruled"."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)
