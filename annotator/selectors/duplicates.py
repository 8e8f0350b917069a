"""The record a new actor or proposition would duplicate: one already there under the same
name or wording once case, spacing (and a proposition's closing full stop) are set aside.
Creating it again would split its statements across two records without anyone noticing."""

from django.db.models import Q, Value
from django.db.models.functions import Lower

from annotator.models import Actor, Proposition


def name_key(text: str) -> str:
    """An actor's name as compared for duplicates: "john  KIRBY" is "John Kirby"."""
    return " ".join(text.split()).casefold()


def wording_key(text: str) -> str:
    """A proposition as compared for duplicates: also without the full stop that ends it."""
    return name_key(text).rstrip(" .")


def actor_named(name: str, *, user=None) -> Actor | None:
    """The live (not merged away) actor already called `name`, if any; with `user`, only
    among the actors that user may read.

    Actors have no project: one that only another project's statements name is invisible
    to this user, and must stay so. Answering "it exists" would tell a member of project A
    whom project B quotes, and would block them from naming their own speaker; so for them
    it is no duplicate, and a speaker of that name is created for them (an administrator,
    who reads both, may merge the two)."""
    name = " ".join(name.split())
    if not name:
        return None
    # iexact finds the candidates through the database; casefold decides, the same on every backend.
    candidates = Actor.objects.filter(name__iexact=name, merged_into__isnull=True).order_by("id")
    if user is not None:
        from annotator.projects_access import visible_actors

        candidates = visible_actors(user, candidates)
    return next((actor for actor in candidates if name_key(actor.name) == name_key(name)), None)


def proposition_worded(text: str, *, user=None) -> Proposition | None:
    """The live proposition already worded as `text` (with or without its closing full
    stop), if any; with `user`, only among the propositions that user may read.

    Propositions have no project, and a wording only another project's statements use is
    that project's business, as an actor's name is (see actor_named): for this user it is
    no duplicate, and typing it makes a proposition of their own rather than saying B's
    exists or linking A's statement to it (an administrator, who reads both, may merge
    the two)."""
    bare = " ".join(text.split()).rstrip(" .")
    if not bare:
        return None
    # The database lowers both sides (the same way, whatever its locale), through the
    # index on the lowered text; casefold then decides, the same on every backend.
    worded = Q(lowered=Lower(Value(bare))) | Q(lowered=Lower(Value(f"{bare}.")))
    candidates = (
        Proposition.objects.filter(merged_into__isnull=True).alias(lowered=Lower("text")).filter(worded).order_by("id")
    )
    if user is not None:
        from annotator.projects_access import visible_propositions

        candidates = visible_propositions(user, candidates)
    return next((p for p in candidates if wording_key(p.text) == wording_key(text)), None)
