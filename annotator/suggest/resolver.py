"""Who a source mention is, read in text order: the full name behind "he" or "Kirby",
the person a role description stands for ("the Premier", "A Kremlin spokesman ...
Putin's spokesman, Dmitry Peskov,"), the organisation behind "it" or "the company", and
descriptions resolved by what the text said before. The name text itself (mentions,
titles, roles written before a name) is `names`."""

import re

from .lexicon import entries
from .names import (
    _DETERMINER,
    _HONORIFIC,
    _NAME,
    _NOT_NAME_START,
    _ORGANISATION_WORDS,
    _OTHER_PRONOUNS,
    _PLACE_WORDS,
    PRONOUNS,
    Person,
    _anonymous_heads,
    _clean_mention,
    _is_person_name,
    _role_after,
    _role_nouns,
    _split,
    name_mentions,
    speaker_named_after,
    split_role,
    strip_titles,
    surname,
)

_ROLE_WORDS = sorted(
    {w for row in entries("role_nouns") for w in row if "." not in w} | {"MP", "diplomat", "envoy"},
    key=len,
    reverse=True,
)
_ROLE_DESCRIPTION = re.compile(
    r"(?:the|The)\s+((?:(?:former|new|then|outgoing|incoming|deputy|acting|top|[A-Z][\w\-]*)\s+){0,3}"
    r"(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _ROLE_WORDS)
    + r"|"
    + "|".join(re.escape(w[:1].upper() + w[1:]).replace(r"\ ", r"\s+") for w in _ROLE_WORDS)
    + r"))"
)
_ROLE_OF = re.compile(_ROLE_DESCRIPTION.pattern + r"\s+(?:of|for|at)\s+(?:the\s+)?[A-Z][^,]{1,60}")
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
    # "the IT company", "the governing party": a lower-case or acronym modifier or two
    r"(?i:the|a|an|its|their)\s+(?:(?:joint|official|brief|written|short|same|latest|new|[a-z][\w\-]*|[A-Z]{2,4}|"
    r"[A-Z][\w\-]*[\s\-]based)\s+)"
    r"{0,2}?(?i:statement|"
    r"communiqu[eé]|press\s+release|letter|post|message|company|firm|ministry|department|club|government|agency|"
    r"group|organi[sz]ation|team|office|council|party|embassy|federation|association|union|board|army|military|"
    r"police|court|campaign|administration|authority|authorities|regulator|network|broadcaster|newspaper|paper|"
    r"outlet|publication|magazine|site|website|channel|station|programme|show|league|body|institution|university|"
    r"school|hospital|bank|airline|carrier|retailer|manufacturer|maker|giant|side|force|command|presidency|outfit)",
)
# A noun that says the name after it is an organisation.
_KIND_BEFORE = re.compile(
    r"\b(?:side|club|outfit|firm|company|giant|group|party|team|carrier|maker|agency|bank|network|broadcaster|"
    r"newspaper|daily|retailer|startup|start-up|lender|insurer|airline|conglomerate|league|federation)\s+$"
)
_STATEMENT_BY = re.compile(
    r"(?:the|a|an)?\s*(?:(?:joint|official|written|brief)\s+)?(?:statement|communiqu[eé]|press\s+release|letter|"
    r"post|message)\s+(?:(?:issued|released|put\s+out|published|sent)\s+)?(?:by|from)\s+(.+?)"
    r"(?:\s+(?:issued|released|published|sent|on|in|here)\b.*)?$",
    re.IGNORECASE,
)
# "Chief Elbert's statement says", "a statement the company posted on its website": the
# author of the statement speaks.
_STATEMENT_OF = re.compile(
    r"(.+?)(?:'s|\u2019s)\s+(?:(?:official|written|brief|latest)\s+)?(?:statement|letter|post|tweet|message|press\s+release)"
    r"|(?:the|a|an)\s+(?:(?:joint|official|written|brief)\s+)?(?:statement|letter|post|message|press\s+release)\s+"
    r"(?:that\s+)?((?:the|its|their)\s+[\w\-]+(?:\s+[\w\-]+)?)\s+(?:posted|issued|released|published|sent|put\s+out)\b.*",
    re.IGNORECASE,
)
_PORTFOLIO_BEFORE = re.compile(
    r"\b(?:Minister|Ministry|Secretary|Department)\s+(?:of|for)\s+(?:[A-Z][\w\-]*\s+){1,3}and\s+$"
)
# The nouns `_STATEMENT_OF` needs, looked for first: it runs for every source mention.
_STATEMENT_NOUN = re.compile(r"statement|letter|post|tweet|message|release", re.IGNORECASE)
_PORTFOLIO_THEN_NAME = re.compile(
    r"(?P<role>.*\b(?:Minister|Ministry|Secretary|Department)\s+(?:of|for)\s+(?:[A-Z][\w\-]*\s+){1,3}and\s+"
    r"[A-Z][\w\-]*)\s+(?P<name>[A-Z][\w'\u2019\-]+(?:\s+[A-Z][\w'\u2019\-]+){1,2})"
)
_APPOSED_PERSON = re.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?([A-Z][\w'\u2019\-]+(?:\s+[A-Z][\w'\u2019\-]+){1,3})")


def _apposed_name(head: str, apposition: str) -> str | None:
    """The person an apposition names after a role that has no name of its own in it:
    "the Minister of X, Mrs Name Surname" -> "Name Surname"."""
    match = _APPOSED_PERSON.fullmatch(apposition)
    if match is None or not _is_person_name(match.group(1)):
        return None
    words = [w.strip(".,").lower() for w in head.split()]
    if not any(w in _role_nouns() for w in words):
        return None
    # a head that names a person itself ("President Joe Biden, a Democrat") keeps it
    if any(_is_person_name(name) for _s, _e, name in name_mentions(head) if not _ORGANISATION_LIKE.search(name)):
        return None
    return match.group(1)


_ORGANISATION_LIKE = re.compile(r"\b(?:of|for|and|AG|Inc|Ltd|Corp|Group|Resources)\b")


_COORDINATED = re.compile(
    r"(?:[A-Z][\w'\u2019\-]*\s+){0,2}[A-Z][\w'\u2019\-]*\s+and\s+(?:[A-Z][\w'\u2019\-]*\s+){0,2}[A-Z][\w'\u2019\-]*"
)


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
        if len(mention.split()) >= 3 and _PORTFOLIO_BEFORE.search(self.text, max(0, position - 60), position):
            # "Minister of Culture and Information Aida Balayeva": the source span began at
            # the last word of the portfolio.
            mention = mention.split(" ", 1)[1]
        if by := _STATEMENT_BY.match(mention) or (_STATEMENT_NOUN.search(mention) and _STATEMENT_OF.fullmatch(mention)):
            return self.resolve(next(group for group in by.groups() if group), position)
        if role := _ROLE_DESCRIPTION.fullmatch(mention):
            # "The Premier", "the former Labour councillor": the last person the text
            # gave that title or role.
            holder = self._holder_of(role.group(1).split()[-1], position) or self._speaking_next(position, mention)
            if holder is not None:
                return holder
        if _ROLE_OF.fullmatch(mention) and (named := self._speaking_next(position, mention)):
            # "The chief of the Makati City Police dismissed X ... 'Fake news,' Police Col.
            # Harold Depositar told ABS-CBN": whose role it is, named when he speaks next.
            return named
        if (
            mention[:1] in "aA"
            and (spokesperson := _INDEFINITE_ROLE.fullmatch(mention))
            and (named := self._named_later(spokesperson.group(1), position) or self._speaking_next(position, mention))
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
        if (
            " and " in mention
            and (portfolio := _PORTFOLIO_THEN_NAME.fullmatch(mention))
            and _is_person_name(portfolio.group("name"))
        ):
            # "Kazakh Minister of Culture and Information Aida Balayeva": the name after the portfolio
            person = Person(portfolio.group("name"), _DETERMINER.sub("", portfolio.group("role")), "person")
        if (
            person is not None
            and person.kind != "person"
            and person.name.split()[-1].lower() in _role_nouns()
            and mention.split()[0].lower() not in ("a", "an", "one")  # "an Angolan businesswoman": anyone
            and (named := self._speaking_next(position, mention)) is not None
        ):
            # "Germany's interior minister, a close ally of Merkel, denied X. 'Y,' de
            # Maiziere said": the role described is the person named speaking next.
            person = Person(named.name, named.role or _DETERMINER.sub("", person.name), "person")
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
        if speaker is not None and speaker.kind != "person" and wanted in speaker.name.casefold().split():
            # "a spokesperson for the ministry denounced X. The spokesperson said Y": the
            # unnamed speaker described by the same role.
            return speaker
        return self._named_later(wanted, position)

    def _speaking_next(self, position: int, mention: str) -> Person | None:
        """The person who speaks next by name ("The Premier later denied X. 'Y,' Mr
        Andrews said."): a description with no holder before it is the one named after."""
        name = speaker_named_after(self.text, position + len(mention), _NAMED_WITHIN)
        if name is None or name in self.text[:position]:
            return None  # a name the text gave before is someone else, or the holder found already
        full = self._full_name(name, position) if len(name.split()) == 1 else None
        return _split(full) if full is not None else _split(Person(name, None, "person"))

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

    def _short_first_name(self, name: str) -> Person | None:
        """ "Ken Agyapong" after "Kennedy Agyapong": a short form of a first name given
        before with the same surname is that person."""
        words = name.split()
        if len(words) != 2 or len(words[0]) < 3:
            return None
        known = self.known.get(surname(name))
        if known is None:
            return None
        first = strip_titles(known.name).split()[0]
        return known if first != words[0] and first.startswith(words[0]) else None

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
        if apposition and (named := _apposed_name(head, apposition)):
            # "The Minister of Petroleum Resources, Mrs Diezani Allison-Madueke,", "Linde AG
            # corporate centre head of press, Uwe Wolfinger,": a role, then who holds it.
            return Person(named, _DETERMINER.sub("", head), "person")
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
            if _KIND_BEFORE.search(mention, 0, start):
                # "Premier League side Elmina Sharks", "tech firm Apple": what it is, said
                return Person(name, None, "organisation")
            role_words, name = split_role(name)
            before = (mention[:start].strip(" ,") + " " + role_words).strip()
            after = mention[end:].strip(" ,")
            role = None
            if before and (before[0].islower() or any(w.lower() in _role_nouns() for w in before.split())):
                role = _DETERMINER.sub("", before)
            elif after:
                role = _DETERMINER.sub("", after.split(", who")[0]).strip(" ,") or None
            full = (
                self._full_name(name, position)
                if len(strip_titles(name).split()) == 1
                else self._short_first_name(strip_titles(name))
            )
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
