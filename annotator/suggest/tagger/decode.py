"""From one BIO label per token to attributions: source, cue and content spans grouped
the way PolNeAR groups them.

- A chunk is a B token and the I tokens of the same role after it (an I after O opens a
  chunk too); with BILOU labels, U is a chunk of its own and L ends one. A content
  chunk is cut at paragraph breaks, as PolNeAR cuts a quotation running over several
  paragraphs into pieces.
- Every cue makes one attribution. Its contents are the content chunks that lie in its
  sentence and have no nearer cue there; two of them (`"A," he said, "B."`) are pieces of
  one content. A content chunk that no cue takes continues the content before it when
  only its source, its cue, punctuation or quotation marks stand between them (`"A," he said. "B."`),
  in the same paragraph: the next paragraph's quotation is mostly someone else's.
- Its source is the nearest source chunk in its sentence; one source may serve several
  cues ("he said A and added B"), as in PolNeAR."""

from bisect import bisect_right
from dataclasses import dataclass

from ..types import Span
from .tokens import Token


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution found by the tagger: who (`source`, None when no one is named),
    the reporting words (`cue`) and what was attributed (`content`, one or more pieces)."""

    source: Span | None
    cue: Span
    content: tuple[Span, ...]

    def as_dict(self) -> dict:
        return {
            "source": self.source.as_dict() if self.source else None,
            "cue": self.cue.as_dict(),
            "content": [piece.as_dict() for piece in self.content],
        }


@dataclass(slots=True)
class _Chunk:
    role: str
    first: int  # token indexes, inclusive
    last: int


def chunks(labels: list[str]) -> list[_Chunk]:
    """The chunks of BIO labels, or of BILOU ones (U: a chunk of one token, L: the last
    token of a chunk)."""
    found: list[_Chunk] = []
    current: _Chunk | None = None
    for index, label in enumerate(labels):
        if label == "O":
            current = None
            continue
        prefix, role = label[:1], label[2:]
        if prefix in ("B", "U") or current is None or current.role != role:
            current = _Chunk(role, index, index)
            found.append(current)
        else:
            current.last = index
        if prefix in ("U", "L"):
            current = None
    return found


def _span(text: str, tokens: list[Token], first: int, last: int) -> Span:
    start, end = tokens[first].start, tokens[last].end
    return Span(start, end, text[start:end])


def _pieces(text: str, tokens: list[Token], chunk: _Chunk) -> list[Span]:
    """A content chunk as pieces, cut where a paragraph break lies between two tokens."""
    pieces = []
    first = chunk.first
    for index in range(chunk.first, chunk.last):
        if "\n" in text[tokens[index].end : tokens[index + 1].start]:
            pieces.append(_span(text, tokens, first, index))
            first = index + 1
    pieces.append(_span(text, tokens, first, chunk.last))
    return pieces


def attributions(text: str, tokens: list[Token], labels: list[str], sentence_starts: list[int]) -> list[Attribution]:
    """`sentence_starts`: the index of the first token of every sentence, ascending."""

    def sentence_of(index: int) -> int:
        return bisect_right(sentence_starts, index) - 1

    found = chunks(labels)
    cues = [c for c in found if c.role == "CUE"]
    sources = [c for c in found if c.role == "SRC"]
    contents = [c for c in found if c.role == "CNT"]
    # Sentences of the chunks, found once: an article has dozens of cues and contents.
    cue_sentence = {id(cue): sentence_of(cue.first) for cue in cues}
    source_sentences = {id(source): (sentence_of(source.first), sentence_of(source.last)) for source in sources}

    # Each content chunk goes to the nearest cue sharing one of its sentences.
    taken: dict[int, list[_Chunk]] = {id(cue): [] for cue in cues}
    orphans: list[_Chunk] = []
    for content in contents:
        span_sentences = range(sentence_of(content.first), sentence_of(content.last) + 1)
        best, best_distance = None, None
        for cue in cues:
            if cue_sentence[id(cue)] not in span_sentences:
                continue
            distance = cue.first - content.last if cue.first > content.last else content.first - cue.last
            if best_distance is None or distance < best_distance:
                best, best_distance = cue, distance
        if best is None:
            orphans.append(content)
        else:
            taken[id(best)].append(content)

    # A content chunk no cue takes continues the closest content chunk before it when
    # only source and cue tokens, punctuation and quotation marks lie between.
    owner = {id(content): cue for cue in cues for content in taken[id(cue)]}
    by_first = sorted(contents, key=lambda c: c.first)
    for orphan in orphans:
        before = [c for c in by_first if c.last < orphan.first and id(c) in owner]
        if not before:
            continue
        previous = before[-1]
        if "\n" not in text[tokens[previous.last].end : tokens[orphan.first].start] and all(
            labels[i][2:] in ("SRC", "CUE") or not tokens[i].text[:1].isalnum()
            for i in range(previous.last + 1, orphan.first)
        ):
            cue = owner[id(previous)]
            taken[id(cue)].append(orphan)
            owner[id(orphan)] = cue

    result = []
    for cue in cues:
        sentence = cue_sentence[id(cue)]
        source = None
        best_distance = None
        for candidate in sources:
            if sentence not in source_sentences[id(candidate)]:
                continue
            distance = cue.first - candidate.last if candidate.last < cue.first else candidate.first - cue.last
            if best_distance is None or distance < best_distance:
                source, best_distance = candidate, distance
        pieces = []
        for content in sorted(taken[id(cue)], key=lambda c: c.first):
            pieces.extend(_pieces(text, tokens, content))
        result.append(
            Attribution(
                source=_span(text, tokens, source.first, source.last) if source else None,
                cue=_span(text, tokens, cue.first, cue.last),
                content=tuple(pieces),
            )
        )
    return result
