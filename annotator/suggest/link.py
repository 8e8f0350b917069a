"""Link a resolved speaker to an existing actor: by name or alias, by a bare surname
that only one actor has, or by a close fuzzy match (rapidfuzz) for spelling variants
("Masoud Jazayeri" for "Massoud Jazayeri")."""

from rapidfuzz import fuzz, process

from .names import strip_titles, surname
from .types import ActorName

FUZZY_CUTOFF = 88
_MEMO_SIZE = 50_000


def _key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").split()).casefold()


class ActorIndex:
    def __init__(self, actors: tuple[ActorName, ...] | list[ActorName] = ()):
        self.exact: dict[str, int | None] = {}
        self.by_surname: dict[str, set] = {}
        self.choices: dict[str, int | None] = {}
        for actor in actors:
            for name in (actor.name, *actor.aliases):
                self.exact.setdefault(_key(name), actor.id)
                self.exact.setdefault(_key(strip_titles(name)), actor.id)
                self.choices.setdefault(_key(strip_titles(name)), actor.id)
            if len(strip_titles(actor.name).split()) > 1:
                self.by_surname.setdefault(surname(actor.name).casefold(), set()).add(actor.id)
        # Fuzzy candidates by length: fuzz.ratio is at most 200 * shorter / (both lengths),
        # so a name can only reach the cutoff against names of nearly its own length.
        self._by_length: dict[int, list[tuple[int, str]]] = {}
        for position, key in enumerate(self.choices):
            self._by_length.setdefault(len(key), []).append((position, key))
        # The same names come up article after article ("Kirby", "a senior official"):
        # their answer never changes for one index.
        self._linked: dict[str, int | None] = {}

    def link(self, name: str | None) -> int | None:
        """The id of the actor called `name`, or None when there is no convincing match."""
        if not name or not self.exact:
            return None
        if name not in self._linked:
            if len(self._linked) >= _MEMO_SIZE:
                self._linked.clear()
            self._linked[name] = self._link(name)
        return self._linked[name]

    def _link(self, name: str) -> int | None:
        for key in (_key(name), _key(strip_titles(name))):
            if key in self.exact:
                return self.exact[key]
        bare = strip_titles(name)
        if len(bare.split()) == 1:
            ids = self.by_surname.get(bare.casefold().strip(".,"), set())
            return next(iter(ids)) if len(ids) == 1 else None
        wanted = _key(bare)
        # In the index's order, so that a tie goes to the same actor as a scan of every name.
        candidates = [
            key for _, key in sorted(c for n in _lengths_within_reach(len(wanted)) for c in self._by_length.get(n, ()))
        ]
        best = process.extractOne(wanted, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self.choices[best[0]] if best else None


def _lengths_within_reach(length: int) -> range:
    """The lengths `other` for which 200 * min(length, other) / (length + other) can reach
    FUZZY_CUTOFF: the only names fuzz.ratio could match."""
    # In integers: other >= length * 88 / 112 and other <= length * 112 / 88.
    low = -(-(length * FUZZY_CUTOFF) // (200 - FUZZY_CUTOFF))
    high = length * (200 - FUZZY_CUTOFF) // FUZZY_CUTOFF
    return range(low, high + 1)
