"""The outlet a statement was relayed through: "told Reuters", "according to AFP", "in an
interview with the BBC", and lead-in paragraphs ("The Guardian reports:", "Al-Jazeera
adds:") that govern the paragraphs after them, up to the next lead-in."""

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import alternation, entries
from .types import SourceName


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    id: int | None


_RELAY_BEFORE = re.compile(
    r"(?:\btold|\btells|\btelling|\baccording\s+to|\binterview\s+with|\bspeaking\s+to|\bspoke\s+to|\bspoke\s+with|"
    r"\bquoted\s+by|\breported\s+by|\bcited\s+by|\bsaid\s+to|\bstatement\s+to|\bcomments\s+to)\s+$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"according\s+to\s+$", re.IGNORECASE)
_RELAY_AFTER = re.compile(r"^\s+(?:reported|reports|quoted|quotes|cited|cites|said|says|wrote|writes|added|adds)\b")
_LEAD_IN_VERBS = r"(?:reports|reported|adds|added|writes|wrote|says|said|notes|noted|explains|continues|quotes)"


class Outlets:
    """Recognises outlets by name or alias: the project's Sources first, then the
    built-in list in `lexicons/outlets.txt`."""

    def __init__(self, sources: tuple[SourceName, ...] | list[SourceName] = ()):
        self.by_name: dict[str, Outlet] = {}
        for source in sources:
            outlet = Outlet(source.name, source.id)
            for name in (source.name, *source.aliases):
                self.by_name.setdefault(_key(name), outlet)
        for row in entries("outlets"):
            outlet = Outlet(row[0], None)
            for name in row:
                self.by_name.setdefault(_key(name), outlet)
        names = [name for name in _names(sources) if len(name) > 1]
        self.pattern = re.compile(r"(?<![\w\-])(?:" + alternation(names) + r")(?![\w\-])")
        self.lead_in = re.compile(
            r"(?:As\s+|According\s+to\s+)?(" + alternation(names) + r")(?:\s+" + _LEAD_IN_VERBS + r")?\s*:"
        )

    def outlet(self, name: str) -> Outlet | None:
        return self.by_name.get(_key(name))

    def in_sentence(self, text: str, start: int, end: int, source: tuple[int, int] | None) -> Outlet | None:
        """An outlet the sentence text[start:end] names as a relay (not as the speaker)."""
        for match in self.pattern.finditer(text, start, end):
            before = text[max(start, match.start() - 30) : match.start()]
            after = text[match.end() : min(end, match.end() + 15)]
            # The outlet as the speaker ("Reuters reported") is no relay, except in
            # "according to AFP", where the outlet is both.
            if source and source[0] <= match.start() < source[1] and not _ACCORDING.search(before):
                continue
            if _RELAY_BEFORE.search(before) or (_RELAY_AFTER.match(after) and source is not None):
                outlet = self.outlet(match.group())
                if outlet is not None:
                    return outlet
        return None

    def lead_ins(self, text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, Outlet]]:
        """(offset from which it governs, outlet) for each lead-in paragraph."""
        found = []
        for start, end in paragraphs:
            match = self.lead_in.fullmatch(text, start, end)
            if match:
                outlet = self.outlet(match.group(1))
                if outlet is not None:
                    found.append((end, outlet))
        return found


@lru_cache(maxsize=8)
def outlets_for(sources: tuple[SourceName, ...]) -> Outlets:
    """Outlets for a source list, built once: compiling the name patterns is the costly part."""
    return Outlets(sources)


def _key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").split()).casefold()


def _names(sources) -> list[str]:
    names = [name for source in sources for name in (source.name, *source.aliases)]
    names.extend(name for row in entries("outlets") for name in row)
    # Outlet names that are also everyday words ("the Post", "the Times") only count capitalised.
    return [name for name in names if name.strip()]
