"""The text of names: the name mentions of a text, titles and roles written before a
name ("Finance Minister Hani Qadri Demian"), a source mention cleaned of what is no name,
and the aliases a mention gives. Who a mention is, in text order, is `resolver`."""

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import alternation, forms

# A full stop belongs to a name word only after an initial or a short abbreviation
# ("J.", "Jr.", "St."): "... the Rajya Sabha. Chiru termed" is two sentences, not one name.
_NAME_WORD = (
    r"(?:[A-Z](?:\.|[a-z]{1,2}\.(?=[ \u00a0]+[A-Z]))|[A-Z][\w'\u2019\-]*(?![\w'\u2019\-])|al-\w+|"
    # a particle only as a whole word before the rest of the name: "de Gaulle", not the
    # "de" of "South Korean defense" or the "la" of "The Premier later"
    r"(?:bin|de|van|von|der|la|le|du|da)(?=[ \u00a0]+[A-Z]))"
)
# Two words or more, starting with a capital: single capitalised words are most of the
# matches otherwise, and none of them is a full name. Words are joined by spaces only: a
# line break inside a name is a page's layout, not a name.
_NAME = re.compile(r"(?=[A-Z])" + _NAME_WORD + r"(?:[ \u00a0]+" + _NAME_WORD + r")+")
_NOT_NAME_START = frozenset(
    "The A An But And So Yet In On At As If When While After Before Since For From Of To With By It He She They "
    "We I His Her Their Its This That These Those There Here Some Many Most All Both Each Other Former Mr Mrs Ms "
    "Following However Meanwhile Still Now Then Also Asked According Speaking Last Next Earlier Later Today "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    # connectives that open a sentence: "Although, the agent of the striker ... He wrote"
    "Although Though Because Despite Moreover Furthermore Nevertheless Nonetheless Instead Indeed Thus Therefore "
    "Hence Besides Otherwise Additionally Similarly Likewise Finally Separately Elsewhere Overall Yet".split()
)
# Place words: "Mexico City" is no person a pronoun could stand for.
_PLACE_WORDS = frozenset(
    "City County State Province Street Square Island Islands River Valley Coast Sea Gulf Bay Mountains Strip "
    "Bank Airport Station Stadium Park Hall Hospital Prison Road Avenue Bridge Cup League Championship".split()
)
_ORGANISATION_WORDS = frozenset(
    "Department Ministry House Party News Post Times Agency Council Committee University Center Centre Institute "
    "Forces Republic States Union Association Group Corp Corp. Inc Inc. Company Pentagon Office Court Senate "
    "Congress Army Navy Force Guard Police Service Bank Fund Foundation Campaign Administration Government Network "
    "Journal Press Review Commission Board Organization Organisation Federation League Alliance Coalition "
    "Church School College Club Society Command Authority Times Herald Tribune Globe Reuters AP AFP CNN BBC "
    "Team Unit Division Code Act Programme Program Initiative Project Masterplan Strategy "
    # platforms: "her Instagram Story" is no one "she" could be
    "Instagram Facebook Twitter TikTok YouTube Telegram WhatsApp LinkedIn Snapchat Weibo".split()
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
    if len(words) < 2 or any(w.strip(".,") in _ORGANISATION_WORDS or w in _PLACE_WORDS for w in words):
        return False
    # "WHAT HE SAID": a heading in capitals is no name (an acronym is one word)
    return not all(w.isupper() and len(w) > 1 for w in words)


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
        # "Argentina's Presidential Spokesman": a name starts after a possessive and
        # does not end in a role noun.
        for index in range(len(words) - 1, 0, -1):
            if words[index - 1].endswith(("'s", "\u2019s")):
                start = text.index(words[index], start + len(" ".join(words[:index])))
                words = words[index:]
                break
        while words and words[-1].lower() in _role_nouns():
            words = words[:-1]
        name = " ".join(words)
        if _is_person_name(name):
            mentions.append((start, start + len(name), name))
        elif (rest := split_role(name)[1]) != name and _is_person_name(rest):
            # "Butte County Fire Unit Chief Henri Brachais": a place in the role does not
            # make the person after it an organisation.
            end = start + len(name)
            mentions.append((end - len(rest), end, rest))
    return mentions


# "The Premier later denied X. 'Y,' Mr Andrews said.": the subject of a speech verb a
# little further on, by which the text names whom a description introduced.
_NAMED_SPEAKER = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr)\.?[ \u00a0]+)?(?P<name>(?:(?:de|van|von|al|bin|da|du|le|la)[ \u00a0]+)?"
    r"[A-Z][\w'\u2019\-]+(?:[ \u00a0]+[A-Z][\w'\u2019\-]+){0,2})(?:,[ \u00a0]+who[^,.]{1,80},)?[ \u00a0]+"
    r"(?:(?:has|had|also|later|then|further)[ \u00a0]+)?(?:said|says|told|tells|added|adds|stated|states|"
    r"explained|insisted|noted|stressed|continued|wrote|denied|dismissed)\b"
)


def speaker_named_after(text: str, position: int, reach: int) -> str | None:
    """The first name in text[position:position + reach] that speaks ("Mr Andrews said",
    "Dmitry Peskov, who handles Putin's communications, told"), or None."""
    for match in _NAMED_SPEAKER.finditer(text, position, min(len(text), position + reach)):
        name = match.group("name")
        words = name.split()
        if words[0] in _NOT_NAME_START or any(w in _ORGANISATION_WORDS or w in _PLACE_WORDS for w in words):
            continue
        if (len(words) == 1 and name.isupper()) or words[-1].lower() in _role_nouns():
            continue
        return name
    return None


_QUOTED_NICKNAME = re.compile(r"^['\"\u2018\u201c][^'\"\u2019\u201d]{1,30}['\"\u2019\u201d]\s+")
_TRAILING_ADVERBIAL = re.compile(
    r"\s+(?:(?:on|in|at|during|via|through)\s+(?:a|an|the|his|her|its|their)\s+[\w\s\-]{0,30}?(?:statement|"
    r"interview|post|tweet|email|e-mail|letter|briefing|conference|speech|video|message)"
    r"(?:\s+(?:with|to|on|for)\s+[^,]{1,40})?|(?:on\s+)?(?:Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?|today|"
    r"yesterday|earlier|later)$"
)

_DATELINE = re.compile(
    r"^(?:[^a-z]|[ap]\.m\.){0,40}?(?:[A-Z]{3,}|\d)(?:[^a-z]|[ap]\.m\.){0,40}?\s*[\u2013\u2014\-]+\s*(?=[A-Z])"
)
_LEADING_PHRASE = re.compile(
    r"^(?:In|On|At|During|After|Before|With)\b[^,]{0,60}?\s+(?=(?:he|she|they|it|[A-Z][\w'\u2019\-]+)$)"
)
_TRAILING_NOISE = re.compile(
    r"(?:,\s*(?:however|though|too|meanwhile|also|instead)|\s+(?:him|her|it|them)sel(?:f|ves)|\s+[a-z]+ly)$"
)
_LEADING_NOISE = re.compile(
    r"^(?:(?:alleged|reportedly|apparently|also|with|With)\s+|(?:Although|Though|However|But|And|Meanwhile|Still),?\s+)"
)


# "the premier, who said he had asked ...": the relative clause describes, it does not name.
_PARENTHESIS = re.compile(r"\s*\([^()]{0,60}\)")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which)\s.*$")


# Emoji and pictographs a page puts in or after a name ("Ana 😀 Lima", "Ana Lima 👏"): no part of it.
_PICTOGRAPH = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]+")


def _clean_mention(mention: str) -> str:
    if not mention.isascii():
        mention = _PICTOGRAPH.sub(" ", mention)
    mention = " ".join(mention.strip(" ,").split())
    if ", w" in mention:
        mention = _RELATIVE_CLAUSE.sub("", mention)
    if "(" in mention:
        mention = _PARENTHESIS.sub("", mention)  # "Catherine Ashton (pictured above right)"
    mention = _DATELINE.sub("", mention)  # "TORONTO – An Ontario cabinet minister"
    mention = _LEADING_PHRASE.sub("", mention)  # "In the post she"
    mention = _LEADING_NOISE.sub("", mention)
    while (trimmed := _TRAILING_NOISE.sub("", mention)) != mention and trimmed:
        mention = trimmed  # "He, however", "Britney herself", "Chaves emphatically"
    mention = _QUOTED_NICKNAME.sub("", mention)
    mention = mention.replace("\u201c", "").replace("\u201d", "").replace('"', "")
    while (trimmed := _TRAILING_ADVERBIAL.sub("", mention)) != mention and trimmed:
        mention = trimmed
    return mention.strip(" ,")


def _split(person: Person) -> Person:
    role, name = split_role(person.name)
    return Person(name, person.role or role or None, person.kind) if role else person


def _role_after(text: str) -> bool:
    words = text.split()
    return bool(words) and words[0].strip(",.").lower() in _role_nouns()


def split_role(name: str) -> tuple[str, str]:
    """`Finance Minister Hani Qadri Demian` -> ("Finance Minister", "Hani Qadri Demian"):
    a role written before a name as capitalised words belongs to the role, not the name.
    A title on its own stays ("Rear Admiral John Kirby", "President Joe Biden"), as does
    a name with nothing after the role noun."""
    words = name.split()
    last = -1
    for index, word in enumerate(words[:-1]):
        bare = word.strip(".,").lower()
        if bare in _role_nouns() or any(part in _role_nouns() for part in bare.split("-")):
            last = index  # "Sheriff-Coroner" is a role as "Sheriff" is
    if last < 0:
        return "", name
    role, rest = " ".join(words[: last + 1]), " ".join(words[last + 1 :])
    if _titles().fullmatch(role + " ") or not rest or not rest[0].isupper():
        return "", name
    return role, rest


_ALIAS_PRONOUNS = PRONOUNS | _OTHER_PRONOUNS | {"his", "hers", "its", "their", "them", "us", "me"}


def alias_from_mention(mention: str, name: str) -> str | None:
    """The other name a source mention gives an actor called `name`, normalised, or None.

    Aliases are names, not text: "The spokeswoman, Maria Costa," gives nothing for Maria
    Costa (her own name, with a description around it), "Mr. Peskov" or "Peskov" nothing
    for Dmitry Peskov (a part of the name, which linking finds anyway), "AMLO" gives
    "AMLO" for Andrés Manuel López Obrador. No determiners, roles, appositions,
    pronouns or lowercase descriptions ("the spokeswoman") ever become an alias."""
    cleaned = _clean_mention(mention)
    head = cleaned.split(", ")[0].strip(" ,.;:")
    head = _DETERMINER.sub("", head)
    head = strip_titles(_HONORIFIC.sub("", head))
    if not head or head.casefold() in _ALIAS_PRONOUNS or len(head) > 80:
        return None
    words = head.split()
    if not any(word[:1].isupper() for word in words) or any(word.lower() in _role_nouns() for word in words):
        return None
    if not all(
        word[:1].isupper() or word.lower() in ("of", "the", "and", "de", "al", "bin", "van", "von") for word in words
    ):
        return None
    own = {word.casefold().strip(".,") for word in strip_titles(name).split()}
    if {word.casefold().strip(".,") for word in words} <= own:
        return None  # the name itself, or a part of it
    return head
