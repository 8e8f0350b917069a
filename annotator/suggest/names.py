"""Who a source mention is: the full name behind "he" or "Kirby", the role given by an
apposition ("Pentagon chief spokesperson"), or an anonymous description."""

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import alternation, forms

_NAME_WORD = r"(?:[A-Z][\w'\u2019\-]*\.?|[A-Z]\.|al-\w+|bin|de|van|von|der|la|le|du|da)"
# Two words or more, starting with a capital: single capitalised words are most of the
# matches otherwise, and none of them is a full name.
_NAME = re.compile(r"(?=[A-Z])" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")+")
_NOT_NAME_START = frozenset(
    "The A An But And So Yet In On At As If When While After Before Since For From Of To With By It He She They "
    "We I His Her Their Its This That These Those There Here Some Many Most All Both Each Other Former Mr Mrs Ms "
    "Following However Meanwhile Still Now Then Also Asked According Speaking Last Next Earlier Later Today "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
_ORGANISATION_WORDS = frozenset(
    "Department Ministry House Party News Post Times Agency Council Committee University Center Centre Institute "
    "Forces Republic States Union Association Group Corp Corp. Inc Inc. Company Pentagon Office Court Senate "
    "Congress Army Navy Force Guard Police Service Bank Fund Foundation Campaign Administration Government Network "
    "Journal Press Review Commission Board Organization Organisation Federation League Alliance Coalition "
    "Church School College Club Society Command Authority Times Herald Tribune Globe Reuters AP AFP CNN BBC".split()
)
PRONOUNS = frozenset({"he", "she", "him", "her"})
_OTHER_PRONOUNS = frozenset({"i", "we", "they", "it", "you", "who", "which", "that", "one"})
_DETERMINER = re.compile(r"^(?:the|a|an|one|another|some|two|three|several|many)\s+", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None
    kind: str  # "person", "organisation" or "anonymous"


@cache
def _titles() -> re.Pattern:
    return re.compile(r"^(?:(?:" + alternation(forms("titles")) + r")\s+)+")


@cache
def _role_nouns() -> frozenset[str]:
    return frozenset(form.lower() for form in forms("role_nouns"))


@cache
def _anonymous_heads() -> frozenset[str]:
    return frozenset(form.lower() for form in forms("anonymous"))


def strip_titles(name: str) -> str:
    """`Rear Admiral John Kirby` -> `John Kirby`; `Mr. Rubio` -> `Rubio`."""
    name = " ".join(name.split())
    shorter = _titles().sub("", name)
    return shorter if shorter.strip() else name


def surname(name: str) -> str:
    words = strip_titles(name).split()
    return words[-1].strip(".,") if words else ""


def _is_person_name(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and not any(w.strip(".,") in _ORGANISATION_WORDS for w in words)


def name_mentions(text: str) -> list[tuple[int, int, str]]:
    """Capitalised names of two words or more (titles included), in text order."""
    mentions = []
    for match in _NAME.finditer(text):
        words = match.group().split()
        start = match.start()
        while words and words[0].rstrip(".") in _NOT_NAME_START:
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else match.end()
            words = words[1:]
        while words and words[-1].endswith(".") and len(words[-1]) > 2:
            words[-1] = words[-1][:-1]  # a sentence's full stop is not part of the name
        name = " ".join(words)
        if _is_person_name(name):
            mentions.append((start, start + len(name), name))
    return mentions


class Resolver:
    """Resolves source mentions in text order, remembering who has spoken."""

    def __init__(self, text: str):
        self.text = text
        self._mentions: list[tuple[int, int, str]] | None = None
        self.known: dict[str, Person] = {}  # surname -> the fullest name seen so far
        self.last_person: Person | None = None

    @property
    def mentions(self) -> list[tuple[int, int, str]]:
        # Only pronouns and bare surnames need every name of the text: found on first use.
        if self._mentions is None:
            self._mentions = name_mentions(self.text)
        return self._mentions

    def _remember(self, person: Person) -> None:
        if person.kind == "person":
            key = surname(person.name)
            current = self.known.get(key)
            if current is None or len(person.name) >= len(current.name) or (person.role and not current.role):
                self.known[key] = Person(
                    max(person.name, current.name if current else "", key=len),
                    person.role or (current.role if current else None),
                    "person",
                )
            self.last_person = self.known[key]

    def _full_name(self, short: str, position: int) -> Person | None:
        key = surname(short)
        if key in self.known:
            return self.known[key]
        best = None
        for start, _end, name in self.mentions:
            if start >= position:
                break
            if surname(name) == key and (best is None or len(name) > len(best)):
                best = name
        return Person(best, None, "person") if best else None

    def resolve(self, mention: str, position: int) -> Person | None:
        """The speaker behind `mention` (a source span's text found at `position`)."""
        mention = " ".join(mention.strip(" ,").split())
        if not mention:
            return None
        lowered = mention.lower()
        if lowered in PRONOUNS:
            return self.last_person or self._last_mentioned(position)
        if lowered in _OTHER_PRONOUNS:
            return None
        person = self._describe(mention, position)
        if person is not None:
            self._remember(person)
        return person

    def _last_mentioned(self, position: int) -> Person | None:
        last = None
        for start, _end, name in self.mentions:
            if start >= position:
                break
            last = name
        return Person(last, None, "person") if last else None

    def _describe(self, mention: str, position: int) -> Person | None:
        head, _, apposition = mention.partition(", ")
        apposition = apposition.strip(" ,") or None
        mentioned = name_mentions(mention)
        names = [m for m in mentioned if m[0] < len(head) + 1] or mentioned
        if names:
            start, end, name = names[-1]
            before = mention[:start].strip(" ,")
            after = mention[end:].strip(" ,")
            role = None
            if before and (before[0].islower() or any(w.lower() in _role_nouns() for w in before.split())):
                role = _DETERMINER.sub("", before)
            elif after:
                role = _DETERMINER.sub("", after.split(", who")[0]).strip(" ,") or None
            full = self._full_name(name, position) if len(strip_titles(name).split()) == 1 else None
            if full is not None:
                return Person(full.name, role or full.role, "person")
            return Person(name, role, "person")
        bare = _HONORIFIC.sub("", head)
        if re.fullmatch(r"[A-Z][\w'\u2019\-]+", bare) and bare not in _ORGANISATION_WORDS:
            full = self._full_name(bare, position)
            if full is not None:
                return Person(full.name, apposition and _DETERMINER.sub("", apposition) or full.role, "person")
            return Person(mention if bare == head else head, None, "person")
        words = head.split()
        head_noun = words[-1].lower().strip(".,") if words else ""
        if head_noun in _anonymous_heads() and not any(
            w[0].isupper() and w.strip(".,") in _ORGANISATION_WORDS for w in words
        ):
            described = _DETERMINER.sub("", head)
            return Person(described[:1].upper() + described[1:], None, "anonymous")
        return Person(_DETERMINER.sub("", head) if head[:1].islower() else head, None, "organisation")
