"""The cleaner's fast path: recognising, cheaply, a paragraph no rule can name.

Most paragraphs of a news text are plain body text, yet the cleaner asks every rule
about each of them (outlet tags, junk, comment headers, captions, date lines, bylines,
credits, furniture, calls to action), some forty regular expressions, most of which
search the whole paragraph. Each rule module states a cheap necessary condition for its
rules to fire (`may_be_*`): the length its patterns need, a mark or a word every one of
its patterns contains. A paragraph that meets none of them is sorted by its shape alone,
and gets exactly what the rules would have given it: tests/text/test_fast_path.py checks
every condition against its rules, and the fast cleaning against the full one, on
generated and real texts.
"""

from . import boilerplate, bylines, furniture

# The only characters re.IGNORECASE matches to an ASCII letter that str.lower() does not
# turn into it (dotted capital I, dotless i, long s): the words the conditions look for in
# the lower-cased paragraph would miss them, so a paragraph with one takes the full path.
FOLDS_APART = ("\u0130", "\u0131", "\u017f")


def is_plain_paragraph(paragraph: str) -> bool:
    """True when no rule of the cleaner applies to `paragraph`: it is body text or a
    short line by its shape (page.shape), and the page decides the rest."""
    if not paragraph.isascii() and any(char in paragraph for char in FOLDS_APART):
        return False
    lowered = paragraph.lower()
    words = len(paragraph.split())
    return not (
        boilerplate.may_be_junk(paragraph, lowered, words)
        or boilerplate.may_be_caption(paragraph)
        or furniture.may_be_furniture(paragraph, lowered, words)
        or bylines.may_be_metadata(paragraph, lowered)
    )
