"""The outlet a statement was relayed through: "told Reuters", "according to AFP", "in an
interview with the BBC", and lead-in paragraphs ("The Guardian reports:", "Al-Jazeera
adds:") that govern the paragraphs after them, up to the next lead-in.

Outlets are recognised open-world after a relay phrase ("told", "in an interview with",
"said in a statement to", "according to"): the project's sources and their aliases and
the outlets lexicon first, then a name next to a media noun ("broadcaster NHK", "the
official Xinhua news agency", "the news site example.gr"; `media_nouns.txt`), an acronym
("told ANI", "told RFE/RL"), a web address, or a name with a newspaper word in it ("the
Kyiv Independent"). "told the programme" is the outlet named last before it, and a post
("tweeted", "wrote on Facebook") is relayed through its platform (`platforms.txt`). An
outlet found this way has no id: the analyst creates its source when accepting."""

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import alternation, entries
from .relay_patterns import (
    _ADDRESS_CUE,
    _ADDRESSED_NAME,
    _ANAPHOR,
    _BASED,
    _MEDIA_AFTER,
    _NOT_OUTLET_WORDS,
    _PLATFORM_USE,
    _PLATFORM_WORD,
    _QUOTED_AS_SAYING,
    _RELAY_PHRASE,
    _STAFF,
    _THE,
    _TRAILING_RELAY,
    _TWEETED,
    _key,
    _looks_like_person,
    _names,
    _open_world_patterns,
    _outlet_name,
    _platform_pattern,
    _platforms,
    _possessive,
    _the_length,
    platform,
    platform_used,
)
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

    def canonical(self, name: str) -> Outlet:
        """A known outlet by name or alias, else the name as written, without "the"."""
        name = _BASED.sub("", _THE.sub("", " ".join(name.split()).strip(" ,.")))
        name = re.sub(r"(?:'s|\u2019s)$", "", name)  # "told USA TODAY's weekly series"
        # "BBC's Today programme": a known owner is the outlet, and so is one owning a
        # person ("the NFL Network's Rich Eisen"); "South Korea's JoongAng Ilbo
        # newspaper": otherwise the name after the possessive is.
        owner, possessive, owned = _possessive(name)
        if possessive:
            mine = self.outlet(owner) is not None or (" " in owned and _looks_like_person("", owned))
            name = owner if mine else owned
        known = self.outlet(name)
        if known is None:
            # "BBC Radio 4's Today": the known outlet it belongs to
            leading = self.pattern.match(name)
            if leading and re.match(r"(?:'s|\u2019s)?(?:\s|$)", name[leading.end() :]):
                known = self.outlet(leading.group())
        return known if known is not None else Outlet(name, None)

    def at(self, text: str, position: int, end: int) -> Outlet | None:
        """The outlet a relay phrase names at text[position:end], recognised open-world."""
        platform = _platform_pattern().match(text, position, end)
        if platform:
            return Outlet(_platforms()[_key(platform.group(1))], None)
        known = self.pattern.match(text, position + _the_length(text, position, end), end)
        if known and not _MEDIA_AFTER.match(text, known.end(), end):
            return self.outlet(known.group())
        for pattern in _open_world_patterns():
            match = pattern.match(text, position, end)
            if match:
                return self.canonical(_outlet_name(match))
        return None

    def named_before(self, text: str, position: int) -> Outlet | None:
        """The last outlet the text names before `position`: what "the programme" is."""
        last = None
        for match in self.pattern.finditer(text, 0, position):
            last = (match.start(), self.outlet(match.group()))
        for pattern in _open_world_patterns()[:2]:
            for match in pattern.finditer(text, 0, position):
                if last is None or match.start() > last[0]:
                    last = (match.start(), self.canonical(_outlet_name(match)))
        return last[1] if last else None

    def relayed(
        self,
        text: str,
        start: int,
        end: int,
        source: tuple[int, int] | None,
        content: tuple[int, int] | None = None,
    ) -> Outlet | None:
        """The outlet the sentence text[start:end] relays its statement through: a known
        one in relay position, else one recognised open-world after a relay phrase, else
        the platform of a post. A relay phrase well inside the statement's `content` is
        part of what is said ("denied that he made a statement to the Anadolu agency
        about the plans"), not how it reached the page."""
        known = self.in_sentence(text, start, end, source, content)
        if known is not None:
            return known
        for cue in _RELAY_PHRASE.finditer(text, start, end):
            if source and source[0] <= cue.start() < source[1] and cue.group().lower().startswith("according"):
                continue  # "according to AFP" as the source: the outlet speaks
            if _inside(text, cue.start(), content):
                continue
            if _ANAPHOR.match(text, cue.end(), end):
                return self.named_before(text, cue.start())
            outlet = self.at(text, cue.end(), end) or self._addressed(text, cue, end)
            if outlet is not None:
                return outlet
        # The rarer shapes are tried only when a word they need is in the sentence: these
        # searches run for every statement, and most sentences have none of them.
        chunk = text[start:end]
        if "report" in chunk or "according" in chunk or " per " in chunk:
            # `X said ..., reported Radio Cooperativa.` / `..., Dawn online reported.`
            trailing = _TRAILING_RELAY.search(text, start, end)
            if trailing:
                group = "outlet" if trailing.group("outlet") else "outlet2"
                outlet = self.at(text, trailing.start(group), trailing.end(group))
                if outlet is None and _NAMED_REPORTER.match(trailing.group()):
                    # `..., Dawn online reported`: a name that reports is an outlet; one
                    # that a statement is according to ("according to the NAACP") may be
                    # any organisation, so that takes a media name (`at`).
                    outlet = self._named(trailing.group(group))
                if outlet is not None:
                    return outlet
        if " as " in chunk and ("cite" in chunk or "quote" in chunk):
            for quoting in _QUOTED_AS_SAYING.finditer(text, start, end):
                # `the Interfax news agency cited Lavrov as saying`: the subject of "cited" relays.
                head = text[max(start, quoting.start() - 60) : quoting.start()]
                outlet = self._subject_outlet(text, head, quoting.start())
                if outlet is not None:
                    return outlet
        if "tweet" in chunk and _TWEETED.search(text, start, end):
            return Outlet(_platforms()[_key("X")], None)
        if _PLATFORM_WORD.search(chunk):
            platform = _PLATFORM_USE.search(text, start, end)
            if platform:
                return Outlet(_platforms()[_key(platform_used(platform))], None)
        return None

    def staff(self, mention: str) -> tuple[str, Outlet] | None:
        """`Pete Thamel with ESPN`, `Bruce Feldman of Fox Sports`, `a source for People`:
        a journalist or source named with the outlet they write for. The outlet relays
        what they say; the speaker is the name before it (None for anything else)."""
        if " " not in mention:
            return None
        match = _STAFF.match(mention)
        if match is None:
            return None
        outlet = self.at(mention, match.start("outlet"), len(mention))
        if outlet is None or platform(outlet.name):
            return None
        return match.group("name"), outlet

    def platform_nearby(
        self, text: str, paragraphs: list[tuple[int, int]], paragraph: int, before: int
    ) -> Outlet | None:
        """`Lovato took to her Instagram Story ... "X," she wrote`: a post whose platform
        the sentences just before it name (this paragraph or the one before)."""
        start = paragraphs[max(0, paragraph - 1)][0]
        if not _PLATFORM_WORD.search(text, start, before):
            return None
        uses = list(_PLATFORM_USE.finditer(text, start, before))
        if not uses:
            return None
        last = uses[-1]
        return Outlet(_platforms()[_key(platform_used(last))], None)

    def _named(self, phrase: str) -> Outlet | None:
        """A trailing `..., Dawn online reported`: the phrase is an outlet when it is a
        capitalised name and no pronoun or person of the text."""
        phrase = phrase.strip()
        if not re.fullmatch(r"(?:[Tt]he\s+)?[A-Z][\w'\u2019&.\-]*(?:\s+[A-Z][\w'\u2019&.\-]*){0,3}", phrase):
            return None
        return self.canonical(phrase)

    def _addressed(self, text: str, cue: re.Match, end: int) -> Outlet | None:
        """`told Goal`, `told the Globe and Mail`, `told Sky Germany:`: a capitalised name
        addressed by "told" or "in an interview with" that is no person of the text."""
        match = _ADDRESSED_NAME.match(text, cue.end(), end)
        if match is None or not _ADDRESS_CUE.match(cue.group()):
            return None
        name = match.group("name")
        staff = self.staff(name)
        if staff is not None:
            return staff[1]  # "told Bill O'Reilly of Fox News"
        show = _HOST_ON.match(text, match.end(), end)
        if show is not None and match.group("the") is None and _looks_like_person(text, name):
            # "speaking to Ben Fordham on 2GB": a host addressed on their station
            station = self.at(text, show.end(), end)
            if station is not None:
                return station
        if _NOT_OUTLET_WORDS.search(name) or _GROUP.fullmatch(name):
            return None  # "told African-Americans", "a letter to the Justice Department"
        # A report, a release or a publication may be any organisation's own ("a report by
        # the Human Rights Centre"): a name there is an outlet only when it looks like one.
        weak = _CARRIED_CUE.match(cue.group()) is not None
        if (match.group("the") is None or weak) and _looks_like_person(text, name):
            return None
        return self.canonical(name)

    def _subject_outlet(self, text: str, head: str, position: int) -> Outlet | None:
        anaphor = re.search(r"the\s+(?:news\s+)?(?:agency|newspaper|paper|daily|broadcaster|channel)\s*$", head)
        if anaphor:
            return self.named_before(text, position - len(head) + anaphor.start())
        for pattern in _open_world_patterns()[:2]:
            for match in pattern.finditer(head):
                if head[match.end() :].strip() == "":
                    return self.canonical(match.group("name"))
        known = None
        for match in self.pattern.finditer(head):
            if head[match.end() :].strip() == "":
                known = self.outlet(match.group())
        return known

    def in_sentence(
        self, text: str, start: int, end: int, source: tuple[int, int] | None, content: tuple[int, int] | None = None
    ) -> Outlet | None:
        """An outlet the sentence text[start:end] names as a relay (not as the speaker)."""
        for match in self.pattern.finditer(text, start, end):
            if _inside(text, match.start(), content):
                continue
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


# A relay phrase this many words or more before the content's end is inside what is
# said; fewer, it is a trailing adverbial ("... in an interview with the BBC on Tuesday").
_TAIL_WORDS = 10
_NAMED_REPORTER = re.compile(r"(?:,|\u2014|--)[\"\u201d\u2019']?\s*(?!according|per\b)")
# The cues after which the name carried the words rather than heard them.
_CARRIED_CUE = re.compile(
    r"(?:reported|quoted|cited|published|released|aired|carried|report|article|story|documentary)\b"
)
_HOST_ON = re.compile(r"\s+(?:on|of|from|at)\s+")
# A group addressed, no outlet: "told African-Americans", "told Democrats".
_GROUP = re.compile(r"[A-Z][\w\-]*(?:ans|ists|crats|ites|ers|ians)")


def _inside(text: str, position: int, content: tuple[int, int] | None) -> bool:
    return (
        content is not None
        and content[0] <= position < content[1]
        and len(text[position : content[1]].split()) >= _TAIL_WORDS
    )


@lru_cache(maxsize=8)
def outlets_for(sources: tuple[SourceName, ...]) -> Outlets:
    """Outlets for a source list, built once: compiling the name patterns is the costly part."""
    return Outlets(sources)
