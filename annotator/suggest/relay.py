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
        # "BBC's Today programme": a known owner is the outlet; "South Korea's JoongAng
        # Ilbo newspaper": otherwise the name after the possessive is.
        owner, possessive, owned = _possessive(name)
        if possessive:
            name = owner if self.outlet(owner) is not None else owned
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

    def relayed(self, text: str, start: int, end: int, source: tuple[int, int] | None) -> Outlet | None:
        """The outlet the sentence text[start:end] relays its statement through: a known
        one in relay position, else one recognised open-world after a relay phrase, else
        the platform of a post."""
        known = self.in_sentence(text, start, end, source)
        if known is not None:
            return known
        for cue in _RELAY_PHRASE.finditer(text, start, end):
            if source and source[0] <= cue.start() < source[1] and cue.group().lower().startswith("according"):
                continue  # "according to AFP" as the source: the outlet speaks
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
                outlet = self.at(text, trailing.start(group), trailing.end(group)) or self._named(trailing.group(group))
                if outlet is not None:
                    return outlet
        if " as " in chunk and ("cite" in chunk or "quote" in chunk):
            for quoting in _QUOTED_AS_SAYING.finditer(text, start, end):
                # `the Interfax news agency cited Lavrov as saying`: the subject of "cited" relays.
                head = text[max(start, quoting.start() - 60) : quoting.start()]
                outlet = self._subject_outlet(text, head, quoting.start())
                if outlet is not None:
                    return outlet
        if "tweet" in chunk:
            return Outlet(_platforms()[_key("X")], None)
        if _PLATFORM_WORD.search(chunk):
            platform = _PLATFORM_USE.search(text, start, end)
            if platform:
                name = platform.group("platform") or platform.group("platform2")
                return Outlet(_platforms()[_key(name)], None)
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
        return Outlet(_platforms()[_key(last.group("platform") or last.group("platform2"))], None)

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
        if match.group("the") is None and _looks_like_person(text, name) or _NOT_OUTLET_WORDS.search(name):
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


_THE = re.compile(r"^the\s+", re.IGNORECASE)
# "Takoradi-based Skyy Power FM": where it is based is no part of the name.
_BASED = re.compile(r"^[A-Z][\w\-]*-based\s+(?=[A-Z])")
# Media words that end a station's name when written with a capital after it: "XYZ TV",
# "Igbere TV", "Vibe FM"; "the Kathimerini newspaper" is Kathimerini.
_NAME_MEDIA = frozenset({"TV", "Radio", "FM", "Television"})


def _outlet_name(match: re.Match) -> str:
    groups = match.groupdict()
    if groups.get("media") in _NAME_MEDIA and not groups.get("possessive"):
        return match.group("name") + " " + groups["media"]
    return match.group("name")


_STAFF = re.compile(
    r"(?P<name>(?:(?:a|an|one)\s+(?:\w+\s+)?(?:source|reporter|correspondent|journalist|insider|editor|writer)|"
    r"[A-Z][\w'\u2019.\-]*(?:\s+[A-Z][\w'\u2019.\-]*){1,3}))\s+(?:of|with|for|from|at)\s+(?P<outlet>(?:the\s+|The\s+)?"
    r"[A-Z].{0,60})$"
)


def _the_length(text: str, position: int, end: int) -> int:
    match = re.compile(r"the\s+", re.IGNORECASE).match(text, position, end)
    return match.end() - position if match else 0


# The phrases after which a name is the outlet that relayed the statement.
# Case-sensitive (with the capitals a sentence can start with): much faster to search.
_RELAY_PHRASE = re.compile(
    r"(?<![\w\-])(?:told|tells|telling|[Aa]ccording\s+to|[Ii]nterview\s+with|interviewed\s+by|"
    r"[Ss]peaking\s+(?:to|with|on)|[Ss]poke\s+(?:to|with|on)|[Tt]alking\s+to|quoted\s+by|reported\s+by|"
    r"cited\s+by|as\s+quoted\s+by|(?:transcript|readout|recording|video)\s+(?:published|carried|released|aired|"
    r"broadcast)\s+by|"
    r"(?:statement|comments|remarks|e-?mail|emailed|message|letter|note|answers|video)\s+(?:sent\s+)?to|"
    r"questions?\s+from|(?:query|inquiry|enquiry|request)\s+from|(?:reply|response)\s+to\s+an?(?=\s+[A-Z]\S*\s+"
    r"(?:question|query|request|inquiry|enquiry)\b)|(?:chat|conversation)\s+(?:with|on)|"
    r"(?:report|article|story|documentary|broadcast|interview)\s+(?:by|from)|"
    r"(?:published|released|aired|broadcast|carried)\s+by|interview\s+(?:on|to)|(?:said|says|wrote|writes|writing|posted|posting|post|posts|"
    r"statement|video|message|appearance|appearing|interview|op-ed|column)\s+(?:on|in|for))\s+"
)
_ADDRESS_CUE = re.compile(
    r"(?:told|tells|telling|interview\s+with|speaking\s+to|spoke\s+to|talking\s+to|(?:chat|conversation)\s+with|"
    # words sent to a publication, or carried by one: "in an email statement to The Northern
    # Light", "in quotes reported by FCInterNews", "a report by Mehr"
    r"(?:statement|comments|remarks|e-?mail|emailed|message|letter)\s+(?:sent\s+)?to|"
    r"(?:reported|quoted|cited|published|released|aired|carried)\s+by|(?:report|article|story|documentary)\s+by|"
    r"(?:query|question|inquiry|enquiry|request)\s+from)",
    re.I,
)
_ADDRESSED_NAME = re.compile(
    r"(?P<the>[Tt]he\s+)?(?P<name>[A-Z][\w'\u2019&\-]*(?:\s+(?:[A-Z][\w'\u2019&\-]*|and|of))*?)"
    r"(?=\s*(?::|,|\.|$|\s+(?:that|on|in|at|during|last|this|earlier|before|after|when|while)\b))"
)
_TRAILING_RELAY = re.compile(
    r"(?:,|\u2014|--)[\"\u201d\u2019']?\s*(?:(?:reported|reports|according\s+to|per|as\s+reported\s+by)\s+(?P<outlet>[^,;]{2,60}?)|"
    r"(?P<outlet2>[^,;]{2,60}?)\s+(?:online\s+)?(?:reported|reports))\s*\.?\s*$"
)
_QUOTED_AS_SAYING = re.compile(r"\b(?:cited|quoted|quotes|cites)\b(?=[^.]{1,120}?\bas\s+(?:saying|telling|stating))")
_PLATFORM_WORD = re.compile(
    r"[Tt]witter|\bX\b|[Ff]acebook|[Ii]nstagram|Telegram|TikTok|YouTube|LinkedIn|Truth|Weibo|Threads|Bluesky"
)
_PLATFORM_USE = re.compile(
    r"(?:\b(?:on|via|through|used|using|took\s+to|in\s+a\s+post\s+on)\s+(?:(?:his|her|their|its|the|a|an)\s+)?"
    r"(?:(?:verified|official|personal)\s+)?(?:Sina\s+)?(?P<platform>Twitter|twitter|X|Facebook|facebook|Instagram|instagram|"
    r"Telegram|TikTok|YouTube|LinkedIn|Truth\s+Social|Weibo|Threads|Bluesky)\b"
    r"|(?:'s|\u2019s)\s+(?P<platform2>Twitter|X|Facebook|Instagram|Telegram)\s+(?:account|handle|page|feed))"
)
_ANAPHOR = re.compile(
    r"the\s+(?:same\s+)?(?:programme|program|show|newspaper|paper|daily|agency|news\s+agency|broadcaster|channel|"
    r"station|network|website|site|outlet|publication|magazine|podcast)\b(?!\s+(?:[A-Z]|[\w\-]+\.[a-z]{2,}\b))"
)
# What "told" addresses that is no outlet: a legislature, a court, a meeting.
_NOT_OUTLET_WORDS = re.compile(
    r"\b(?:Commons|Lords|Parliament|Senate|Congress|House|Assembly|Court|Council|Committee|Conference|Summit|"
    r"Forum|Cabinet|Convention)\b"
)
_TWEETED = re.compile(r"(?<![\w\-])(?:tweeted|tweets|tweeting|tweet)(?![\w\-])")
_MEDIA_AFTER = re.compile(r"(?:'s|\u2019s)?\s+(?:news\s+agency|agency|newspaper|broadcaster)\b")
# Acronyms that are no outlet: countries, blocs and bodies ("told the UN", "told US officials").
_NOT_OUTLETS = frozenset(
    "US USA UK EU UN NATO UAE IMF WHO GOP FBI CIA NSA MP MPs PM CEO CFO AI TV OK IDF ICC ICJ OPEC G7 G20 "
    "COVID NHS DOJ DHS NYPD LAPD".split()
)


# Cues that say the words were posted, not spoken: their platform may be named just before.
POST_VERBS = frozenset({"wrote", "writes", "writing", "posted", "posts", "posting", "captioned", "shared"})


def same_name(outlet: str, speaker: str) -> bool:
    """The outlet is the speaker ("Daily Monitor" for "Daily Monitor newspaper",
    "BuzzFeed News" for "BuzzFeed"): one name's words all in the other."""
    a = {w for w in _key(outlet).replace("\u2019", "'").split() if w != "the"}
    b = {w for w in _key(speaker).split() if w != "the"}
    return bool(a and b) and (a <= b or b <= a)


def platform(name: str) -> str | None:
    """The canonical name of a platform ("Twitter" -> "X"), or None."""
    return _platforms().get(_key(name))


@lru_cache(maxsize=1)
def _platforms() -> dict[str, str]:
    """Every name of a platform -> its canonical name ("twitter" -> "X")."""
    return {_key(name): row[0] for row in entries("platforms") for name in row}


@lru_cache(maxsize=1)
def _platform_pattern() -> re.Pattern:
    return re.compile(
        r"(?:(?:his|her|their|its|our|my)\s+(?:(?:official|verified|personal)\s+)?(?=\w+(?:\s+\w+)?\s+"
        r"(?:post|page|account|story|stories|feed|handle|live|channel|video)\b)|"
        r"(?:the\s+)?(?:social[\s-]+media\s+)?(?:platform|site|network|app)\s+)?("
        + alternation(name for row in entries("platforms") for name in row)
        + r")(?![\w\-])"
    )


@lru_cache(maxsize=1)
def _open_world_patterns() -> tuple[re.Pattern, ...]:
    media = alternation(form for row in entries("media_nouns") for form in row)
    name = (
        r"(?:[A-Z][\w'\u2019&\-]*|[A-Z]{2,}(?:/[A-Z]{2,})?)"
        r"(?:\s+(?:[A-Z][\w'\u2019&\-]*|\d+(?:'s|\u2019s)?|of|the|and|de|al))*"
    )
    domain = (
        r"[\w][\w\-]*(?:\.[\w\-]+)*\.(?:com|org|net|info|news|gr|uk|ie|de|fr|in|pk|ng|za|au|nz|ca|ru|ua|eu|il|"
        r"jp|cn|ph|my|sg|ke|gh)\b"
    )
    adjectives = r"(?:(?:the|a|an)\s+)?(?:[\w\-]+\s+){0,3}?"
    return (
        # "broadcaster NHK", "the daily Kathimerini", "the news site example.gr"
        re.compile(adjectives + r"(?:" + media + r")\s+(?P<name>" + domain + "|" + name + r")"),
        # "the official Xinhua news agency", "the Kathimerini newspaper"
        re.compile(
            r"(?:(?:the|a|an)\s+)?(?:(?:official|state|state-run|state-owned|public|private|local|national|"
            r"[A-Z][a-z]+(?:an|ese|ish|i|ic))\s+)*(?P<name>"
            + name
            + r")(?P<possessive>'s|\u2019s)?\s+(?P<media>"
            + media
            + r")\b"
        ),
        # "told example.gr"
        re.compile(r"(?P<name>" + domain + r")"),
        # "told the Kyiv Independent": a name with a newspaper word in it
        re.compile(
            r"(?:the\s+)?(?P<name>(?:[A-Z][\w'\u2019\-]*\s+){0,3}(?:News|Times|Post|Herald|Journal|Telegraph|"
            r"Gazette|Tribune|Chronicle|Independent|Observer|Guardian|Express|Mirror|Standard|Insider|Radio|TV|"
            r"Television|Broadcasting|Media|Press|Daily|Review|Magazine|Online|Today|FM|Sport|Sports|Ilbo|Shimbun)"
            r"(?:\s+[A-Z][\w\-]*){0,2})"
            r"(?![\w\-])"
        ),
        # "told ANI", "told RFE/RL"
        re.compile(r"(?P<name>(?!(?:" + "|".join(sorted(_NOT_OUTLETS)) + r")\b)[A-Z][A-Z0-9]+(?:/[A-Z]+)?)(?![\w\-])"),
    )


def _possessive(name: str) -> tuple[str, bool, str]:
    parts = re.split(r"(?:'s|\u2019s|(?<=s)['\u2019])\s+", name, maxsplit=1)
    return (parts[0], True, parts[1]) if len(parts) == 2 else (name, False, name)


def _looks_like_person(text: str, name: str) -> bool:
    """A name that a person of the text goes by: written with a first name elsewhere
    ("told Jones" after "Ana Jones"), or two or more words with no outlet word in them."""
    words = name.split()
    if len(words) == 1:
        return re.search(r"[A-Z][\w'\u2019\-]+\s+" + re.escape(words[0]) + r"\b", text) is not None
    return not re.search(
        r"\b(?:News|Times|Post|Herald|Journal|Telegraph|Gazette|Tribune|Chronicle|Independent|Observer|Express|Mirror|"
        r"Standard|Insider|Radio|TV|Television|Broadcasting|Media|Press|Daily|Review|Magazine|Online|Today|Sky|FM|"
        r"Sport|Sports|Crunch|Mail|Star|Sun|Week|Ilbo|Shimbun|Zeitung|Monde|Mundo|Deportivo)\b",
        name,
    )


def _key(name: str) -> str:
    return " ".join(name.replace("\u2019", "'").split()).casefold()


def _names(sources) -> list[str]:
    names = [name for source in sources for name in (source.name, *source.aliases)]
    names.extend(name for row in entries("outlets") for name in row)
    # Outlet names that are also everyday words ("the Post", "the Times") only count capitalised.
    return [name for name in names if name.strip()]
