"""The phrases and name shapes that show an outlet in a sentence: relay phrases ("told",
"in an email statement to", "a report by"), outlet names open-world (a name next to a
media noun, an acronym, a web address, a name with a newspaper word), platforms, and what
looks like a person rather than an outlet. `relay` decides with them which outlet relays
a statement."""

import re
from functools import lru_cache

from .lexicon import alternation, entries

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
    r"(?:phone|telephone)\s+(?:call\s+to|interview\s+with)|"
    r"questions?\s+from|(?:query|inquiry|enquiry|request)\s+from|(?:reply|response)\s+to\s+an?(?=\s+[A-Z]\S*\s+"
    r"(?:question|query|request|inquiry|enquiry)\b)|(?:chat|conversation)\s+(?:with|on)|"
    r"(?:report|article|story|documentary|broadcast|interview)\s+(?:by|from)|"
    r"(?:published|released|aired|broadcast|carried)\s+by|interview\s+(?:on|to)|"
    # "in his comment for Sputnik", "in a brief WhatsApp reply to NST", "was quoted as
    # saying by EWN"
    r"comments?\s+for|reply\s+to(?=\s+(?:the\s+)?[A-Z])|as\s+saying\s+by|(?:said|says|wrote|writes|writing|posted|posting|post|posts|"
    r"statement|video|message|appearance|appearing|interview|op-ed|column)\s+(?:on|in|for))\s+"
)
_ADDRESS_CUE = re.compile(
    r"(?:told|tells|telling|interview\s+with|speaking\s+to|spoke\s+to|talking\s+to|(?:chat|conversation)\s+with|"
    # words sent to a publication, or carried by one: "in an email statement to The Northern
    # Light", "in quotes reported by FCInterNews", "a report by Mehr"
    r"(?:statement|comments|remarks|e-?mail|emailed|message|letter)\s+(?:sent\s+)?to|"
    r"(?:phone|telephone)\s+(?:call\s+to|interview\s+with)|"
    r"(?:reported|quoted|cited|published|released|aired|carried)\s+by|(?:report|article|story|documentary)\s+by|"
    r"(?:query|question|inquiry|enquiry|request)\s+from|comments?\s+for|reply\s+to|as\s+saying\s+by)",
    re.I,
)
_ADDRESSED_NAME = re.compile(
    r"(?P<the>[Tt]he\s+)?(?P<name>[A-Z][\w'\u2019&\-]*(?:\s+(?:[A-Z][\w'\u2019&\-]*|and|of))*?)"
    r"(?=\s*(?::|,|\.|$|\s+(?:that|on|in|at|during|last|this|earlier|before|after|when|while|ahead|about|over|"
    r"regarding)\b))"
)
_TRAILING_RELAY = re.compile(
    r"(?:,|\u2014|--)[\"\u201d\u2019']?\s*(?:(?:reported|reports|according\s+to|per|as\s+reported\s+by)\s+(?P<outlet>[^,;]{2,60}?)|"
    r"(?P<outlet2>[^,;]{2,60}?)\s+(?:online\s+)?(?:reported|reports))(?:\s+(?:today|yesterday|on\s+[A-Z][a-z]+day))?"
    r"\s*\.?\s*$"
)
_QUOTED_AS_SAYING = re.compile(r"\b(?:cited|quoted|quotes|cites)\b(?=[^.]{1,120}?\bas\s+(?:saying|telling|stating))")
_PLATFORM_WORD = re.compile(
    r"[Tt]witter|\bX\b|[Ff]acebook|[Ii]nstagram|Telegram|TikTok|YouTube|LinkedIn|Truth|Weibo|Threads|Bluesky"
)
_PLATFORM_USE = re.compile(
    r"(?:\b(?:on|via|through|used|using|took\s+to|in\s+a\s+post\s+on)\s+[\u2018'\"\u201c]?(?:(?:his|her|their|its|the|a|an)\s+)?"
    r"(?:(?:verified|official|personal)\s+)?(?:Sina\s+)?(?P<platform>Twitter|twitter|X|Facebook|facebook|Instagram|instagram|"
    r"Telegram|TikTok|YouTube|LinkedIn|Truth\s+Social|Weibo|Threads|Bluesky)\b"
    r"|(?:'s|\u2019s)\s+(?P<platform2>Twitter|X|Facebook|Instagram|Telegram)\s+(?:account|handle|page|feed)"
    # "in response to a Twitter user who questioned it": a reply on the platform
    r"|\b(?:a|another|one)\s+(?P<platform3>Twitter|X|Facebook|Instagram|Telegram|TikTok|YouTube|Weibo)\s+user\b"
    # "in a Sept. 4 Facebook post", "in a video Instagram message"
    r"|\b(?:[Ii]n|[Vv]ia)\s+(?:a|an|his|her|their|its)\s+(?:[\w.]+\s+){0,3}?(?P<platform4>Twitter|X|Facebook|"
    r"Instagram|Telegram|TikTok|YouTube|LinkedIn|Weibo)\s+(?:post|message|video|statement|live|update)s?\b)"
)


def platform_used(match: re.Match) -> str:
    """The platform a `_PLATFORM_USE` match names, as written."""
    return next(match.group(g) for g in ("platform", "platform2", "platform3", "platform4") if match.group(g))


_ANAPHOR = re.compile(
    r"the\s+(?:same\s+)?(?:programme|program|show|newspaper|paper|daily|agency|news\s+agency|broadcaster|channel|"
    r"station|network|website|site|outlet|publication|magazine|podcast)\b(?!\s+(?:[A-Z]|[\w\-]+\.[a-z]{2,}\b))"
)
# What "told" addresses that is no outlet: a legislature, a court, a meeting.
_NOT_OUTLET_WORDS = re.compile(
    r"\b(?:Commons|Lords|Parliament|Senate|Congress|House|Assembly|Court|Council|Committee|Conference|Summit|"
    r"Forum|Cabinet|Convention|Department|Ministry|Embassy|Office|Police|Party|Government|Administration|"
    r"Commission|University|Institute|Foundation|Association|Authority)\b"
)
# Words posted on X: the verb, or the words "in a tweet" ("In one tweet Friday, Trump
# said:"); "Trump's late-night tweets" talked about is no relay.
_TWEETED = re.compile(
    r"(?<![\w\-])(?:tweeted|tweeting|(?<=,\s)tweets|tweets\s+that|(?:[Ii]n|[Vv]ia|[Oo]n)\s+(?:a|an|one|his|her|their|its|the|another|a\s+series\s+of)\s+"
    r"(?:[\w\-]+\s+){0,2}?tweets?)(?![\w\-])"
)
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
        # "told the Kyiv Independent": a name with a newspaper word in it ("according to
        # the official Korean Central News Agency")
        re.compile(
            r"(?:the\s+)?(?:[A-Z][\w\-]*(?:'s|\u2019s)\s+)?(?:(?:official|state|state-run|state-owned|public|national)\s+)?"
            r"(?P<name>(?:[A-Z][\w'\u2019\-]*\s+){0,3}(?:News|Times|Post|Herald|Journal|Telegraph|"
            r"Gazette|Tribune|Chronicle|Independent|Observer|Guardian|Express|Mirror|Standard|Insider|Radio|TV|"
            r"Television|Broadcasting|Media|Press|Daily|Review|Magazine|Online|Today|FM|Sport|Sports|Ilbo|Shimbun)"
            r"(?:\s+[A-Z][\w\-]*){0,2})"
            r"(?![\w\-])"
        ),
        # "told ANI", "told RFE/RL", a station's call sign ("on 2GB", "told 3AW")
        re.compile(
            r"(?P<name>(?!(?:" + "|".join(sorted(_NOT_OUTLETS)) + r")\b)(?:[A-Z][A-Z0-9]+|\d[A-Z]{2,4})(?:/[A-Z]+)?)"
            r"(?![\w\-])"
        ),
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
