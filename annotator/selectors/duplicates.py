"""The record a new actor or proposition would duplicate: one already there under the same
name or wording once case, spacing (and a proposition's closing full stop) are set aside.
Creating it again would split its statements across two records without anyone noticing."""

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


def proposition_worded(text: str) -> Proposition | None:
    """The live proposition already worded as `text` (with or without its closing full stop)."""
    bare = " ".join(text.split()).rstrip(" .")
    if not bare:
        return None
    live = Proposition.objects.filter(merged_into__isnull=True).order_by("id")
    candidates = live.filter(text__iexact=bare) | live.filter(text__iexact=f"{bare}.")
    return next((p for p in candidates if wording_key(p.text) == wording_key(text)), None)
