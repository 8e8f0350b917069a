"""Deterministic news-like text with attributed statements, and the exact offsets of each.

Pure Python, no Django: the same seed gives byte-identical articles, actors and
propositions on every machine, so two benchmark runs measure the same data.

Every statement is composed into its article's body as a sentence ("X told Reuters
that ..."), and its span, speaker span and cue span are recorded while composing, so
`quote == body[start:end]` holds by construction (the database trigger checks it)."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

SEED = 20260611

FIRST = (
    "John Adam Maria Leila Omar Sarah David Anna Mohammed Elena Yusuf Chen Ivan Fatima Peter Amira Carlos Ingrid "
    "Hassan Nadia Tomas Grace Ali Sofia Daniel Mei Ahmed Olga Samuel Aisha Lukas Rosa Karim Hana Victor Zainab"
).split()
LAST = (
    "Kirby Haddad Novak Okafor Rahimi Schmidt Moreau Tanaka Petrov Mendes Karimi Walsh Nakamura Boateng Farouk "
    "Lindqvist Costa Abbasi Kowalski Nguyen Dubois Hussein Romero Ivanova Mensah Sato Ortiz Yilmaz Brennan Qureshi"
).split()
ROLES = (
    "chief spokesperson|defence minister|foreign minister|army general|ministry spokesperson|central bank governor|"
    "opposition leader|UN envoy|police commander|health minister|senior adviser|energy minister|trade negotiator|"
    "human rights researcher|mayor|prosecutor"
).split("|")
BODIES = (
    "Pentagon|Iranian foreign ministry|Iraqi government|European Commission|World Health Organization|"
    "State Department|Kremlin|Turkish presidency|Israeli army|Hamas|Kurdish regional government|UN Security Council|"
    "Bank of England|Federal Reserve|OPEC|Red Cross|Amnesty International|NATO|African Union|Chinese foreign ministry"
).split("|")
COUNTRIES = (
    "Iran Iraq Syria Turkey Israel Lebanon Egypt Ukraine Russia France Germany Britain Nigeria Kenya India Pakistan "
    "China Japan Brazil Mexico Yemen Sudan Libya Jordan"
).split()
ANONYMOUS = (
    "a senior {c} official|a diplomat familiar with the talks|two people briefed on the matter|"
    "a {c} security source|an official who asked not to be named|a person close to the {c} government"
).split("|")

AGENTS = (
    "Iran|Iraq|the Pentagon|the Iraqi army|Hamas|the Kremlin|the central bank|the health ministry|Turkey|"
    "the European Union|the police|rebel forces|the government|the opposition|OPEC|the United Nations|"
    "Israeli forces|the Kurdish militia|the army|the finance ministry|Russia|China|the state oil company|"
    "the electoral commission|the militia|Saudi Arabia|Egypt|the coalition|the interior ministry|Ukraine"
).split("|")
PREDICATES = (
    "flew air strikes against {o} targets|supplied weapons to {o}|blocked aid convoys to {p}|"
    "raised interest rates to curb inflation|held secret talks with {o}|shelled residential areas of {p}|"
    "rigged the vote in {p}|cut gas exports to {p}|detained journalists in {p}|agreed to a ceasefire in {p}|"
    "used chemical weapons in {p}|paid ransom to {o}|withdrew troops from {p}|hid the true death toll in {p}|"
    "coordinated with {o}|violated the truce in {p}|covered up the outbreak in {p}|funded {o}|"
    "planned the attack on {p}|ordered the evacuation of {p}|approved the sale of drones to {o}|"
    "ignored warnings about the famine in {p}|spied on diplomats from {o}|broke the oil embargo on {p}"
).split("|")
OBJECTS = (
    "Islamic State|the militia|the rebels|Hezbollah|the Taliban|the separatists|the regime|Wagner fighters|"
    "the coalition|the Houthis|al-Shabaab|the insurgents"
).split("|")
PLACES = (
    "Baghdad|Mosul|Aleppo|Gaza|Kharkiv|Tripoli|Khartoum|Sanaa|Kirkuk|Idlib|Beirut|Raqqa|Mariupol|Fallujah|"
    "Darfur|Basra|Homs|Odesa|Benghazi|Tikrit|Diyala province|the border region|the capital|the northern provinces"
).split("|")
TOPICS = "security|energy|health|elections|economy|humanitarian|diplomacy|human rights|conflict|migration".split("|")

CLAIM_CUES = ("said", "told", "claimed", "confirmed", "insisted", "stated")
DENIAL_CUES = ("denied", "rejected", "dismissed")

FILLER = (
    "{P} has seen {n} since {t}.|Residents of {P} described {n} in the days before the announcement.|"
    "The dispute over {n} has strained relations between {A} and {B}.|"
    "Analysts said the timing of the move was significant.|Markets in {P} reacted cautiously to the news.|"
    "The report could not be independently verified.|{A} has faced criticism over {n} for months.|"
    "Officials in {P} said talks would resume {t}.|The figures were published by {A} on {d}.|"
    "Aid agencies have warned of {n} in {P}.|Observers expect further statements {t}.|"
    "The situation in {P} remains tense after {n}.|Diplomats from {A} and {B} met on {d} to discuss {n}.|"
    "Journalists were not allowed to enter {P}.|Satellite images appear to show {n} near {P}.|"
    "The claims come amid {n} across the region.|Neither side provided evidence for its account.|"
    "A spokesperson for {A} declined to comment on {n}.|Prices of fuel and bread in {P} rose sharply {t}."
).split("|")
NOUNS = (
    "fighting|shortages of fuel|a surge in refugees|power cuts|protests|an outbreak of cholera|rising prices|"
    "a wave of arrests|heavy shelling|drone attacks|a collapse in exports|rolling blackouts|new sanctions|"
    "food shortages|mass displacement|a banking crisis|border closures|sporadic clashes"
).split("|")
TIMES = "last week|on Monday|on Tuesday|since January|in recent months|this spring|early on Friday|overnight".split("|")

BOILERPLATE = (
    "Sign up for our daily newsletter|Support independent journalism: donate today|5|#000000|Share this article|"
    "Read more|Advertisement|Follow us on social media"
).split("|")


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    role: str
    affiliation: str
    country: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Proposition:
    text: str
    topics: tuple[str, ...]


@dataclass
class Span:
    """One statement inside an article, with offsets into the article's body."""

    start: int
    end: int
    speaker: int | None
    speaker_text: str
    speaker_start: int | None
    speaker_end: int | None
    cue: str
    cue_start: int
    cue_end: int
    stance: str
    proposition: int
    via: int | None
    direct: bool
    origin: str
    review_status: str
    responds_to: int | None = None  # index into the same article's spans


@dataclass
class Doc:
    title: str
    body: str
    raw: str
    source: int
    published_at: datetime
    spans: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class Scale:
    articles: int
    statements: int
    seed: int = SEED
    min_chars: int = 2000
    max_chars: int = 6000
    # The article the reader page is measured on has this many statements (None: 200, or less at small scale).
    reader: int | None = None

    @property
    def actors(self) -> int:
        return max(40, self.statements // 200)

    @property
    def propositions(self) -> int:
        return max(40, self.statements // 100)

    @property
    def reader_statements(self) -> int:
        """Statements of the first article, the one the reader page is measured on."""
        if self.reader is not None:
            return min(self.reader, self.statements)
        return min(200, self.statements // 5 or self.statements)

    @property
    def hot_statements(self) -> int:
        """Statements of proposition 0, the one the proposition page is measured on."""
        return min(5000, self.statements // 4)


class Zipf:
    """Draws 0..n-1 with weight 1/(i+1)^s: a few actors and propositions dominate, as in news."""

    def __init__(self, n: int, s: float = 1.0):
        self.cumulative = list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])


def actors(scale: Scale) -> list[Actor]:
    rng = random.Random(f"{scale.seed}-actors")
    result: list[Actor] = []
    seen: set[str] = set()
    for i in range(scale.actors):
        country = rng.choice(COUNTRIES)
        if i % 10 == 7:
            # Anonymous sources are told apart by a number only the database sees.
            name = f"{rng.choice(ANONYMOUS).format(c=country)} ({i})"
            result.append(Actor(name, "anonymous", "", "", country, ()))
            continue
        if i % 10 == 3:
            body = rng.choice(BODIES)
            name = f"{body} ({country})" if body in seen else body
            seen.add(name)
            result.append(Actor(name, "government", "", body, country, (f"the {body}",)))
            continue
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        if name in seen:
            name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        if name in seen:
            name = f"{first} {last} {i}"
        seen.add(name)
        role = rng.choice(ROLES)
        result.append(Actor(name, "person", role, rng.choice(BODIES), country, (f"{first[0]}. {last}", last)))
    return result


def propositions(scale: Scale) -> list[Proposition]:
    rng = random.Random(f"{scale.seed}-propositions")
    result: list[Proposition] = []
    seen: set[str] = set()
    while len(result) < scale.propositions:
        predicate = rng.choice(PREDICATES).format(o=rng.choice(OBJECTS), p=rng.choice(PLACES))
        text = f"{rng.choice(AGENTS)} {predicate}"
        if rng.random() < 0.5:
            text += f" {rng.choice(TIMES)}"
        if text.casefold() in seen:
            continue
        seen.add(text.casefold())
        result.append(Proposition(text[0].upper() + text[1:] + ".", tuple(rng.sample(TOPICS, rng.randint(1, 2)))))
    return result


def statement_counts(scale: Scale) -> list[int]:
    """How many statements each article gets: article 0 the reader's 200, the rest spread
    unevenly (many articles have none, some have dozens), summing exactly to the total."""
    rng = random.Random(f"{scale.seed}-counts")
    n = scale.articles
    counts = [0] * n
    counts[0] = scale.reader_statements
    rest = scale.statements - counts[0]
    if n == 1:
        counts[0] += rest
        return counts
    mean = rest / (n - 1)
    for i in range(1, n):
        counts[i] = min(40, int(rng.expovariate(1 / mean))) if mean > 0 else 0
    # Bring the sum to exactly `rest`, deterministically.
    diff = rest - sum(counts[1:])
    i = 1
    while diff != 0:
        if diff > 0 and counts[i] < 60:
            counts[i] += 1
            diff -= 1
        elif diff < 0 and counts[i] > 0:
            counts[i] -= 1
            diff += 1
        i = i + 1 if i + 1 < n else 1
    return counts


def _sentence_case(text: str) -> str:
    return text[0].upper() + text[1:]


class _Writer:
    """Appends text to a body and records offsets, so no offset is ever computed twice."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


def _speaker_phrase(actor: Actor, rng: random.Random) -> str:
    if actor.kind == "anonymous":
        return actor.name.rsplit(" (", 1)[0]
    if actor.kind == "government":
        return f"the {actor.name}" if not actor.name.startswith("the ") else actor.name
    if actor.aliases and rng.random() < 0.3:
        return actor.aliases[0]
    return f"{actor.role} {actor.name}" if rng.random() < 0.5 else actor.name


def _write_statement(w: _Writer, rng, span_spec: dict, actor: Actor, proposition: Proposition, via_name) -> Span:
    """Write one attributed sentence; the statement covers all of it."""
    content = proposition.text.rstrip(".")
    # Propositions start with a name ("Iran ...", "Hamas ...") or with "The ...".
    content_lower = "t" + content[1:] if content.startswith("The ") else content
    speaker = _speaker_phrase(actor, rng)
    stance = span_spec["stance"]
    direct = False
    start = w.length
    if stance == "claim":
        cue = rng.choice(CLAIM_CUES)
        if via_name and cue == "told":
            s = w.add(_sentence_case(speaker))
            c = w.add(" " + cue)
            w.add(f" {via_name} that {content_lower}.")
        elif rng.random() < 0.4:
            direct = True
            w.add(f"\u201c{content},\u201d ")
            s = w.add(speaker)
            c = w.add(" said")
            cue = "said"
            w.add(f" {('in an interview with ' + via_name) if via_name else 'on Wednesday'}.")
        else:
            if via_name:
                w.add(f"According to {via_name}, ")
                s = w.add(speaker)
            else:
                s = w.add(_sentence_case(speaker))
            c = w.add(" " + cue)
            w.add(f" that {content_lower}.")
    else:
        cue = rng.choice(DENIAL_CUES)
        s = w.add(_sentence_case(speaker))
        c = w.add(" " + cue)
        w.add(f" reports that {content_lower}")
        w.add(f", {via_name} reported." if via_name else ".")
    end = w.length
    return Span(
        start=start,
        end=end,
        speaker=span_spec["speaker"],
        speaker_text=speaker[:300],
        speaker_start=s[0],
        speaker_end=s[1],
        cue=cue,
        cue_start=c[0] + 1,
        cue_end=c[1],
        stance=stance,
        proposition=span_spec["proposition"],
        via=span_spec["via"],
        direct=direct,
        origin=span_spec["origin"],
        review_status=span_spec["review_status"],
    )


def _filler(rng: random.Random) -> str:
    a, b = rng.sample(AGENTS, 2)
    sentence = rng.choice(FILLER).format(
        P=rng.choice(PLACES),
        n=rng.choice(NOUNS),
        t=rng.choice(TIMES),
        A=a,
        B=b,
        d=f"{rng.randint(1, 28)} {rng.choice(['March', 'April', 'May', 'June', 'July'])}",
    )
    return _sentence_case(sentence)


class Corpus:
    """The whole dataset, produced lazily article by article in a fixed order."""

    def __init__(self, scale: Scale, source_names: list[str], wire_indexes: list[int]):
        self.scale = scale
        self.actors = actors(scale)
        self.propositions = propositions(scale)
        self.counts = statement_counts(scale)
        self.source_names = source_names
        self.wire_indexes = wire_indexes or list(range(len(source_names)))
        self.actor_zipf = Zipf(len(self.actors))
        self.proposition_zipf = Zipf(len(self.propositions) - 1, s=0.9)
        rng = random.Random(f"{scale.seed}-hot")
        # Which statements (global index) are about proposition 0: spread over the archive.
        self.hot = set(rng.sample(range(scale.statements), min(scale.hot_statements, scale.statements)))
        self.epoch = datetime(2024, 1, 1, tzinfo=UTC)

    def article(self, index: int, first_statement: int) -> Doc:
        """Article `index`, whose statements are global numbers first_statement, first_statement+1, ..."""
        rng = random.Random(f"{self.scale.seed}-article-{index}")
        count = self.counts[index]
        specs = []
        for k in range(count):
            g = first_statement + k
            proposition = 0 if g in self.hot else 1 + self.proposition_zipf.draw(rng)
            suggested = rng.random() < 0.2
            review = "accepted"
            if suggested:
                review = rng.choices(("pending", "accepted", "rejected"), (50, 35, 15))[0]
            specs.append(
                {
                    "speaker": self.actor_zipf.draw(rng),
                    "proposition": proposition,
                    "stance": "denial" if rng.random() < 0.35 else "claim",
                    "via": rng.choice(self.wire_indexes) if rng.random() < 0.3 else None,
                    "origin": "suggested" if suggested else "manual",
                    "review_status": review,
                }
            )
        source = index % len(self.source_names)
        # Statements share sentences when there are many (they may overlap and nest);
        # a long article holds about one attributed sentence per 250 characters.
        target_length = self.scale.max_chars if index == 0 else rng.randint(self.scale.min_chars, self.scale.max_chars)
        sentences = min(count, max(1, target_length // 250)) if count else 0
        groups: list[list[int]] = [[] for _ in range(sentences)]
        for k in range(count):
            groups[k % sentences].append(k)
        w = _Writer()
        place = rng.choice(PLACES)
        headline = rng.choice(["accused of", "denies", "blamed for", "under pressure over"])
        title = f"{_sentence_case(rng.choice(AGENTS))} {headline} {rng.choice(NOUNS)} in {place}"
        w.add(f"{place.upper()} \u2014 ")
        spans: list[Span | None] = [None] * count
        paragraph_sentences = 0
        group_index = 0
        while w.length < target_length - 120 or group_index < len(groups):
            if group_index < len(groups) and (rng.random() < 0.5 or w.length > target_length - 400):
                group = groups[group_index]
                group_index += 1
                head = specs[group[0]]
                actor = self.actors[head["speaker"]]
                via = self.source_names[head["via"]] if head["via"] is not None else None
                span = _write_statement(w, rng, head, actor, self.propositions[head["proposition"]], via)
                spans[group[0]] = span
                for k in group[1:]:
                    # More statements on the same sentence: another reading of the same words.
                    spec = specs[k]
                    spans[k] = Span(
                        **{
                            **span.__dict__,
                            "speaker": spec["speaker"],
                            "proposition": spec["proposition"],
                            "stance": spec["stance"],
                            "via": spec["via"],
                            "origin": spec["origin"],
                            "review_status": spec["review_status"],
                            "direct": False,
                        }
                    )
            else:
                w.add(_filler(rng))
            paragraph_sentences += 1
            if paragraph_sentences >= rng.randint(2, 4):
                w.add("\n\n")
                paragraph_sentences = 0
            else:
                w.add(" ")
        # A dateline with the article number keeps every body, and so every content hash, unique.
        w.add(f"\n\n({self.source_names[source]} report {index + 1}, filed {rng.choice(TIMES)}.)")
        body = w.text()
        claims_seen: dict[int, int] = {}
        for k, span in enumerate(spans):
            if span.stance == "claim":
                claims_seen.setdefault(span.proposition, k)
            elif span.proposition in claims_seen and rng.random() < 0.5:
                span.responds_to = claims_seen[span.proposition]
        # Two years of news, oldest first.
        published = self.epoch + timedelta(minutes=index * 1_051_200 // max(1, self.scale.articles))
        return Doc(
            title=title,
            body=body,
            raw=noisy_raw(body, rng),
            source=source,
            published_at=published + timedelta(seconds=rng.randint(0, 3600)),
            spans=spans,
        )

    def documents(self):
        """(index, first global statement number, Doc) for every article, in order."""
        first = 0
        for index in range(self.scale.articles):
            yield index, first, self.article(index, first)
            first += self.counts[index]


def noisy_raw(body: str, rng: random.Random) -> str:
    """What a scraper hands over: the body with boilerplate lines, a stray colour code and
    mojibake around it, and its first paragraph repeated, so cleaning has real work."""
    paragraphs = body.split("\n\n")
    noise = rng.sample(BOILERPLATE, 3)
    lines = [noise[0], *paragraphs[:1], noise[1], *paragraphs, noise[2], paragraphs[0]]
    return "\n\n".join(lines).replace("\u2014", "\u00e2\u20ac\u201d", 1)


def import_texts(
    count: int, seed: int = SEED, *, min_chars: int = 2000, max_chars: int = 6000
) -> list[tuple[str, str]]:
    """(title, raw text) of `count` articles that are not in the generated archive."""
    scale = Scale(articles=count, statements=0, seed=seed + 1, min_chars=min_chars, max_chars=max_chars)
    corpus = Corpus(scale, ["Import"], [0])
    result = []
    for index, _first, doc in corpus.documents():
        tag = hashlib.sha1(f"{seed}-{index}".encode()).hexdigest()[:10]
        result.append((f"{doc.title} ({tag})", doc.raw + f"\n\nImport reference {tag}."))
    return result
