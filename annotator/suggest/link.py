"""Link a resolved speaker to an existing actor: by name or alias, by a bare surname
that only one actor has, or by a close fuzzy match (rapidfuzz) for spelling variants
("Masoud Jazayeri" for "Massoud Jazayeri")."""

from rapidfuzz import fuzz, process

from .names import strip_titles, surname
from .types import ActorName

FUZZY_CUTOFF = 88


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
        # Built once: a fuzzy lookup scans every choice, and an archive knows thousands of actors.
        self._choice_keys = list(self.choices)

    def link(self, name: str | None) -> int | None:
        """The id of the actor called `name`, or None when there is no convincing match."""
        if not name or not self.exact:
            return None
        for key in (_key(name), _key(strip_titles(name))):
            if key in self.exact:
                return self.exact[key]
        bare = strip_titles(name)
        if len(bare.split()) == 1:
            ids = self.by_surname.get(bare.casefold().strip(".,"), set())
            return next(iter(ids)) if len(ids) == 1 else None
        best = process.extractOne(_key(bare), self._choice_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self.choices[best[0]] if best else None
