"""Who a source mention is: the full name behind "he" or "Kirby", the role given by an
apposition ("Pentagon chief spokesperson"), or an anonymous description."""

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


_QUOTED_NICKNAME = re.compile(r"^['\"\u2018\u201c][^'\"\u2019\u201d]{1,30}['\"\u2019\u201d]\s+")
_TRAILING_ADVERBIAL = re.compile(
    r"\s+(?:(?:on|in|at|during|via|through)\s+(?:a|an|the|his|her|its|their)\s+[\w\s\-]{0,30}?(?:statement|"
    r"interview|post|tweet|email|e-mail|letter|briefing|conference|speech|video|message)"
    r"(?:\s+(?:with|to|on|for)\s+[^,]{1,40})?|(?:on\s+)?(?:Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?|today|"
    r"yesterday|earlier|later)$"
)
_ROLE_DESCRIPTION = re.compile(
    r"(?:the|The)\s+((?:(?:former|new|then|outgoing|incoming|deputy|acting|[A-Z][\w\-]*)\s+){0,3}"
    r"(?:premier|president|prime\s+minister|minister|mayor|governor|chancellor|coach|manager|councillor|"
    r"councilor|senator|spokesman|spokeswoman|spokesperson|chairman|chairwoman|chief|ceo|director|"
    r"ambassador|secretary|leader|MP|Premier|President|Minister|Mayor|Governor|Chancellor|Coach|Manager|"
    r"Councillor|Senator|Spokesman|Spokeswoman|Spokesperson|Chairman|Chief|CEO|Director|Ambassador|"
    r"Secretary|Leader))"
)
# "A Chinese Foreign Ministry spokesperson": introduced without a name, named later on.
_INDEFINITE_ROLE = re.compile(
    r"(?:a|an|A|An)\s+(?:[\w\-]+\s+){0,4}?(spokesperson|spokesman|spokeswoman|premier|president|minister|"
    r"ambassador|governor|mayor|chancellor|coach|manager|chairman|chairwoman)"
    # "A spokesman for President Vladimir Putin": whose spokesman, not who speaks
    r"(?:\s+(?:for|of|to)\s+[^,]{1,80})?"
)
# "spokesman for X", "a close ally of X", "the agent of X": X is whom the role serves, not
# the speaker. Lower-case role nouns only: "Minister of Finance Nirmala Sitharaman" is a title.
_SERVES = re.compile(r"\b([a-z][\w\-]*)\s+(?:for|of|to)\s+$")
_ROLE_THEN_SURNAME = re.compile(
    r"(?P<lead>(?:[\w'\u2019\-]+\s+){0,3}?(?P<role>[a-z][\w\-]*))\s+(?P<name>[A-Z][\w'\u2019\-]+)"
)
_SPELLED_OUT = re.compile(r"((?:[A-Z][\w'\u2019\-]*)(?:\s+(?:[A-Z][\w'\u2019\-]*|of|for|and|on))*)\s+\(")
_KIN = frozenset({"ally", "wife", "husband", "son", "daughter", "brother", "sister", "friend", "partner", "relative"})
# How far on (characters) a role description may be given its name.
_NAMED_WITHIN = 600
# How far back (characters) a pronoun looks for the subject it stands for.
_SUBJECT_REACH = 800
_SENTENCE_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?] )|(?<=[.!?][\"\u201d] )|(?<=\n))"
    r"(?P<name>(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w'\u2019\-]+(?:[ \u00a0]+[A-Z][\w'\u2019\-]+){0,3})"
    r"(?=,|\s+(?:(?:has|have|had|also|later|then|was|is|did|does|will|would|could|can)\s+)?(?:[a-z]+ed|is|was|"
    r"said|says|told|tells|put|quit|made|spoke|went|came|took|gave|[a-z]+s)\b)",
    re.MULTILINE,
)
_STATEMENT_WORD = re.compile(r"\b(?:statement|communiqu[eé]|release|letter|post|message)$", re.IGNORECASE)
_DESCRIPTION = re.compile(
    r"(?:the|a|an|its|their)\s+(?:(?:joint|official|brief|written|short|same|latest|new)\s+)?(?:statement|"
    r"communiqu[eé]|press\s+release|letter|post|message|company|firm|ministry|department|club|government|agency|"
    r"group|organi[sz]ation|team|office|council|party|embassy|federation|association|union|board|army|military|"
    r"police|court|campaign|administration|authority|authorities|regulator|network|broadcaster|newspaper|paper|"
    r"outlet|publication|magazine|site|website|channel|station|programme|show|league|body|institution|university|"
    r"school|hospital|bank|airline|carrier|retailer|manufacturer|maker|giant|side)",
    re.IGNORECASE,
)
_STATEMENT_BY = re.compile(
    r"(?:the|a|an)?\s*(?:(?:joint|official|written|brief)\s+)?(?:statement|communiqu[eé]|press\s+release|letter|"
    r"post|message)\s+(?:(?:issued|released|put\s+out|published|sent)\s+)?(?:by|from)\s+(.+?)"
    r"(?:\s+(?:issued|released|published|sent|on|in|here)\b.*)?$",
    re.IGNORECASE,
)
_COORDINATED = re.compile(
    r"(?:[A-Z][\w'\u2019\-]*\s+){0,2}[A-Z][\w'\u2019\-]*\s+and\s+(?:[A-Z][\w'\u2019\-]*\s+){0,2}[A-Z][\w'\u2019\-]*"
)


_DATELINE = re.compile(r"^[^a-z]{0,40}?(?:[A-Z]{3,}|\d)[^a-z]{0,40}?\s*[\u2013\u2014\-]+\s+")
_LEADING_PHRASE = re.compile(
    r"^(?:In|On|At|During|After|Before|With)\b[^,]{0,60}?\s+(?=(?:he|she|they|it|[A-Z][\w'\u2019\-]+)$)"
)
_TRAILING_NOISE = re.compile(
    r"(?:,\s*(?:however|though|too|meanwhile|also|instead)|\s+(?:him|her|it|them)sel(?:f|ves)|\s+[a-z]+ly)$"
)
_LEADING_NOISE = re.compile(
    r"^(?:(?:alleged|reportedly|apparently|also)\s+|(?:Although|Though|However|But|And|Meanwhile|Still),?\s+)"
)


# "the premier, who said he had asked ...": the relative clause describes, it does not name.
_PARENTHESIS = re.compile(r"\s*\([^()]{0,60}\)")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which)\s.*$")


def _clean_mention(mention: str) -> str:
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


class Resolver:
    """Resolves source mentions in text order, remembering who has spoken."""

    def __init__(self, text: str):
        self.text = text
        self._mentions: list[tuple[int, int, str]] | None = None
        self.known: dict[str, Person] = {}  # surname -> the fullest name seen so far
        self.last_person: Person | None = None
        self.last_person_at = 0  # where the last person was named as a speaker
        self.last_organisation: Person | None = None
        self.last_speaker: Person | None = None
        self.last_role: Person | None = None  # the last speaker described by a role ("the mayor")
        self.last_role_at = -1

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
        mention = _clean_mention(mention)
        if not mention:
            return None
        lowered = mention.lower()
        if lowered in PRONOUNS:
            # The nearest compatible subject: a person who opened a sentence after the
            # last person spoke ("Fielding is a former chair. He quit ..."), else the last
            # person who spoke, else the last name mentioned.
            person = self._last_subject(position, self.last_person_at)
            if person is None and self.last_role is not None and self.last_role_at > self.last_person_at:
                # "the mayor said ... 'X,' he said": a role that spoke since the last person
                person = self.last_role
            person = person or self.last_person or self._last_mentioned(position)
            self.last_person = person  # the next "he" is the same one, not a later name
            self.last_person_at = position
            return person
        if lowered in ("it", "they"):
            # "Apple responded ... 'X,' it says": the organisation that spoke last.
            return self.last_organisation
        if lowered in _OTHER_PRONOUNS:
            return None
        if (acronym := _DETERMINER.sub("", mention)).isupper() and 2 <= len(acronym) <= 8:
            # "the Prime Minister's Office (PMO) ... The PMO said": the name it stands for
            spelled = self._spelled_out(acronym, position)
            if spelled is not None:
                mention = spelled
        if by := _STATEMENT_BY.match(mention):
            return self.resolve(by.group(1), position)
        if role := _ROLE_DESCRIPTION.fullmatch(mention):
            # "The Premier", "the former Labour councillor": the last person the text
            # gave that title or role.
            holder = self._holder_of(role.group(1).split()[-1], position)
            if holder is not None:
                return holder
        if (
            mention[:1] in "aA"
            and (spokesperson := _INDEFINITE_ROLE.fullmatch(mention))
            and (named := self._named_later(spokesperson.group(1), position))
        ):
            # "A Chinese Foreign Ministry spokesperson refuted X" ... "Spokesperson Zhao
            # Lijian made the remarks": the text names the one it introduced.
            return named
        if _DESCRIPTION.fullmatch(mention):
            # "the company", "the ministry": the organisation that spoke last; "the
            # statement": whoever spoke last.
            earlier = self.last_speaker if _STATEMENT_WORD.search(mention) else self.last_organisation
            if earlier is not None:
                return earlier
        person = self._describe(mention, position)
        if person is not None:
            self._remember(person)
            if person.kind == "person":
                self.last_person_at = position
            if person.kind == "organisation" or len(person.name.split()) == 1:
                # A one-word name with no full name behind it ("Apple") may be what "it"
                # or "the company" stands for later.
                self.last_organisation = person
            self.last_speaker = person
            if person.kind != "person" and person.name.split()[-1].lower() in _role_nouns():
                self.last_role, self.last_role_at = person, position
        return person

    def _holder_of(self, role: str, position: int) -> Person | None:
        wanted = role.casefold()
        for person in reversed(list(self.known.values())):
            if person.role and wanted in person.role.casefold().split():
                return person
        for start, _end, name in reversed(self.mentions):
            if start < position and wanted in name.casefold().split()[:-1]:
                return _split(Person(name, None, "person"))
        speaker = self.last_speaker
        if (
            speaker is not None
            and speaker.kind == "person"
            and len(speaker.name.split()) > 1  # a full name: "China" or "Kabul" is no holder of a role
            and (not speaker.role or wanted in speaker.role.casefold())
        ):
            # "Abe said: 'A.' 'B,' added the premier": with no one else given the role,
            # the person who spoke last is the one the text now calls by it.
            return speaker
        return self._named_later(wanted, position)

    def _named_later(self, role: str, position: int) -> Person | None:
        """A name the text gives a little further on with the role before it
        ("Spokesperson Zhao Lijian", "Putin's spokesman, Dmitry Peskov,"): whom a role
        description introduced."""
        wanted = role.casefold()
        for start, _end, name in self.mentions:
            if position < start <= position + _NAMED_WITHIN and wanted in name.casefold().split()[:-1]:
                return _split(Person(name, None, "person"))
        apposed = re.compile(r"\b(?i:" + re.escape(wanted) + r"),\s+(" + _NAME.pattern + r"),")
        if match := apposed.search(self.text, position + 1, position + _NAMED_WITHIN):
            return Person(match.group(1), None, "person")
        return None

    def _spelled_out(self, acronym: str, position: int) -> str | None:
        """The name an acronym was introduced with before `position`: "Name (ACRONYM)"."""
        if "(" + acronym + ")" not in self.text[:position]:
            return None
        last = None
        for match in re.finditer(_SPELLED_OUT.pattern + re.escape(acronym) + r"\)", self.text[:position]):
            last = match.group(1)
        return last

    @staticmethod
    def _served(before: str) -> bool:
        """`before` ends with a role noun and "for", "of" or "to": the name after it is
        whom the role serves ("a close ally of Chancellor Angela Merkel")."""
        match = _SERVES.search(before)
        return match is not None and (match.group(1) in _role_nouns() or match.group(1) in _KIN)

    def _last_subject(self, position: int, after: int) -> Person | None:
        """The last person's name that opens a sentence in text[after:position], as the
        subject of its verb or before an apposition ("Richard Herbert, Leigh town
        councillor, put forward ..."): names inside a sentence ("... with chairman Carole
        Mulroney") are no subject."""
        lo = max(after, position - _SUBJECT_REACH)
        # Not the pronoun's own sentence: in `Iran considered the US responsible, he said`
        # the subject of the quoted words is no antecedent.
        hi = max(self.text.rfind(mark, lo, position) for mark in (". ", "! ", "? ", "\n", '." ', ".\u201d "))
        if hi < lo:
            return None
        last = None
        for match in _SENTENCE_SUBJECT.finditer(self.text, lo, hi + 2):
            name = _HONORIFIC.sub("", match.group("name"))
            words = name.split()
            if words[0] in _NOT_NAME_START or (len(words) > 1 and not _is_person_name(name)):
                continue
            if len(words) == 1 and (name in _ORGANISATION_WORDS or name in _PLACE_WORDS or name.isupper()):
                continue
            last = name
        if last is None:
            return None
        if len(last.split()) == 1:
            return self._full_name(last, position) or Person(last, None, "person")
        return _split(Person(last, None, "person"))

    def _last_mentioned(self, position: int) -> Person | None:
        last = None
        for start, _end, name in self.mentions:
            if start >= position:
                break
            last = name
        return Person(last, None, "person") if last else None

    def _describe(self, mention: str, position: int) -> Person | None:
        head, _, apposition = mention.partition(", ")
        if _COORDINATED.fullmatch(head):
            return Person(head, None, "person")  # "Jennifer Lopez and Alex Rodriguez"
        apposition = apposition.strip(" ,") or None
        mentioned = name_mentions(mention)
        # "The European Union's foreign policy chief, Catherine Ashton": a name with a
        # possessive owns the description; it is not who speaks.
        mentioned = [m for m in mentioned if not m[2].endswith(("'s", "\u2019s")) and not self._served(mention[: m[0]])]
        names = [m for m in mentioned if m[0] < len(head) + 1]
        if not names and not (apposition and re.fullmatch(r"(?:Mr|Mrs|Ms|Dr)?\.?\s*[A-Z][\w'\u2019\-]+", head)):
            # "Perry, recipient of China Reform Friendship Medal": a bare surname before
            # its apposition is the name; the names inside the apposition are not.
            names = mentioned
        if names:
            start, end, name = names[-1]
            if (
                re.match(r"[ \u00a0]+[a-z]", mention[end:])
                and "," not in mention[:end]
                and not _role_after(mention[end:])
            ):
                # "the Hamas-run Gaza health ministry": the name only modifies the head noun
                return Person(_DETERMINER.sub("", head), None, "organisation")
            role_words, name = split_role(name)
            before = (mention[:start].strip(" ,") + " " + role_words).strip()
            after = mention[end:].strip(" ,")
            role = None
            if before and (before[0].islower() or any(w.lower() in _role_nouns() for w in before.split())):
                role = _DETERMINER.sub("", before)
            elif after:
                role = _DETERMINER.sub("", after.split(", who")[0]).strip(" ,") or None
            full = self._full_name(name, position) if len(strip_titles(name).split()) == 1 else None
            if full is not None:
                return _split(Person(full.name, role or full.role, "person"))
            return Person(name, role, "person")
        bare = _HONORIFIC.sub("", head)
        if (
            (described := _ROLE_THEN_SURNAME.fullmatch(bare))
            and described.group("role").lower() in _role_nouns()
            and described.group("name") not in _ORGANISATION_WORDS
        ):
            # "the player's agent Reguera": a surname after its role, the full name known
            full = self._full_name(described.group("name"), position)
            if full is not None:
                return _split(Person(full.name, _DETERMINER.sub("", described.group("lead")).strip() or None, "person"))
        if re.fullmatch(r"[A-Z][\w'\u2019\-]+", bare) and bare not in _ORGANISATION_WORDS:
            full = self._full_name(bare, position)
            if full is not None:
                return _split(Person(full.name, apposition and _DETERMINER.sub("", apposition) or full.role, "person"))
            return Person(mention if bare == head else head, None, "person")
        words = head.split()
        head_noun = words[-1].lower().strip(".,") if words else ""
        if head_noun in _anonymous_heads() and not any(
            w[0].isupper() and w.strip(".,") in _ORGANISATION_WORDS for w in words
        ):
            described = _DETERMINER.sub("", head)
            return Person(described[:1].upper() + described[1:], None, "anonymous")
        # "An Ontario cabinet minister" is described, not named: no article; "The State
        # Department" keeps the one that belongs to its name.
        indefinite = head[:1].islower() or head.split()[0] in ("A", "An", "One", "Another")
        return Person(_DETERMINER.sub("", head) if indefinite else head, None, "organisation")


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
