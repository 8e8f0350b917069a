"""Page furniture recognised by shape or stock phrase, in any position: calls to action
in their many wordings, comment sections and forms, legal notices, navigation and teaser
lists, breadcrumbs, markup or code left in the text. Like boilerplate.py, each rule looks
at one paragraph and names why it is not article text; none knows a particular site."""

import re

CALL_TO_ACTION = "call to action"
COMMENT_SECTION = "comment section"
COMMENT_FORM = "comment form"
LEGAL = "copyright or legal notice"
NAVIGATION = "navigation or teaser list"
TEASER = "link to another story"
BREADCRUMB = "breadcrumb"
CODE = "markup or code"
WIDGET = "page widget"

# A call to action tells the reader to do something with a channel: subscribe to the
# newsletter, follow us on Google News, share this with friends, download the app.
_CTA_VERB = (
    r"(?:subscribe|sign(?:ing)? up|sign in|log in|register|follow|join|get|download|install|listen|watch|read|"
    r"click|tap|share|like|donate|support|become|don'?t miss|never miss|stay (?:up to date|informed|updated)|"
    r"turn on|enable|check out|visit)"
)
_CTA_CHANNEL = (
    r"(?:newsletters?|e-?mails?|inbox|app|apps|channel|google news|podcasts?|youtube|facebook|twitter|x|instagram|"
    r"telegram|whatsapp|tiktok|linkedin|updates|alerts|notifications|(?:latest|breaking) (?:news|headlines|stories)|"
    r"headlines|friends|family|blog|live blog|our site|website|website|membership|subscription|free trial|"
    r"my news|javascript)"
)
_CTA = re.compile(rf"\b{_CTA_VERB}\b[^.!?]{{0,80}}?\b{_CTA_CHANNEL}\b", re.IGNORECASE)
# An appeal speaks to the reader ("our", "you") or gives an order; reported speech does not.
_CTA_ADDRESS = re.compile(
    rf"\b(?:you|your|our|us|we)\b|^\W*{_CTA_VERB}\b|(?:^|[.!?:,]\s+|\[)\W*{_CTA_VERB}\b", re.IGNORECASE
)
_REPORTED = re.compile(r"\b(?:said|says|told|according to|urged|asked|called on)\b", re.IGNORECASE)
_CTA_MAX_WORDS = 40

_COMMENT_HEADER = re.compile(
    r"^\W*(?:leave a (?:reply|comment)|post a comment|add a comment|write a comment|comment on (?:the|this) "
    r"(?:article|story|post)|\d+ comments?(?: on\b.*)?|no comments?\b.*|be (?:the )?first to (?:write a )?comment\b.*|"
    r"join the (?:discussion|conversation)|comments are closed|show comments|view comments|"
    r"αφήστε μια απάντηση|deja (?:una respuesta|un comentario)|deixe (?:uma resposta|um comentário)|"
    r"laisser un commentaire|laissez un commentaire|kommentar hinterlassen|lascia un commento|"
    r"оставьте комментарий|оставить комментарий|yorum yap|اترك تعليقا)\W*$",
    re.IGNORECASE,
)
_COMMENT_FORM = re.compile(
    r"akismet|comment data is processed|required fields are marked|email address will not be published|"
    r"please enter your (?:comment|name)|enter the code shown|can'?t read the image|bloggers like this|"
    r"^\W*(?:name|email|e-mail|website|comment|reply|avatar)\s*[:*]?\s*$|εισάγετε το (?:σχόλιό|όνομά) σας",
    re.IGNORECASE,
)
_LEGAL = re.compile(
    r"all rights reserved|may not be (?:published|reproduced|redistributed)|terms (?:&|and) conditions|"
    r"privacy policy|terms of (?:use|service)|we cannot guarantee that it is suitable",
    re.IGNORECASE,
)
_WIDGET = re.compile(
    r"adjust font size|you are here\b|back to top|skip to (?:main )?content|our standards\b|trust principles|"
    r"\bmin(?:ute)? read\b|for illustration purposes?\b|(?:turn on|enable) javascript|shows key events only|"
    r"^\W*(?:previous|next) page\b|^\W*advertisement\W*$|^\W*(?:sponsored|promoted)(?: content)?\W*$",
    re.IGNORECASE,
)
_TEASER = re.compile(
    r"^\W*(?:read|read also|also read|read more|see also|related|related articles?|related stories|watch|listen|"
    r"more from|more stories|recommended|you may also like|don'?t miss|latest|trending)\s*[:|»›>-]\s*\S",
    re.IGNORECASE,
)
_LIST_HEADER = re.compile(
    r"^\W*(?:more stories|more news|related(?: articles| stories| news| posts)?|relevant news|"
    r"latest(?: news| stories)?|"
    r"most (?:read|popular|viewed|shared)|top stories|trending(?: now)?|recommended(?: for you)?|you may also like|"
    r"also read|read also|read more|more from\b.*|editor'?s picks|popular(?: now)?|in other news|off the wire|"
    r"seen elsewhere|quote of the day|what to read next)\W*$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"^\W*home\s*(?:/|>|»|›|\|)\s*\S", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s+[•|·]\s+|\s+/\s+")
_SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*$")
_CODE_CHARS = frozenset('{}[]"=<>\\|;_')
_WORD = re.compile(r"[^\W\d_]+")


# The words _CTA needs, as whole words (a run of \w): one that opens each verb of
# _CTA_VERB, and one that ends each channel of _CTA_CHANNEL ("e-mail" ends in "mail").
CTA_VERB_WORDS = frozenset(
    "subscribe sign signing log register follow join get download install listen watch read click tap share like "
    "donate support become don dont never stay turn enable check visit".split()
)
CTA_CHANNEL_WORDS = frozenset(
    "newsletter newsletters email emails mail mails inbox app apps channel news podcast podcasts youtube facebook "
    "twitter x instagram telegram whatsapp tiktok linkedin updates alerts notifications headlines stories friends "
    "family blog site website membership subscription trial javascript".split()
)
_RUN = re.compile(r"\w+")
# A word or a phrase every search of a short-line rule needs (they ignore case; the
# anchored ones are cheap enough to run as they are).
_COMMENT_FORM_WORDS = (
    "akismet", "comment data", "required fields", "will not be published", "please enter your", "enter the code",
    "read the image", "bloggers like this",
)  # fmt: skip
# A form's label standing alone ("Name *", "Comment:") ends the paragraph.
_FORM_LABELS = ("name", "email", "e-mail", "website", "comment", "reply", "avatar")
_LEGAL_WORDS = ("all rights reserved", "may not be", "conditions", "privacy policy", "terms of", "we cannot guarantee")
_WIDGET_WORDS = (
    "adjust font size", "you are here", "back to top", "skip to", "our standards", "trust principles", "min read",
    "minute read", "for illustration purpose", "javascript", "shows key events only", "previous page", "next page",
    "advertisement",
    "sponsored", "promoted",
)  # fmt: skip
_MARKS = re.compile("[{\\[=•|·/]")
STOCK_PHRASES = _COMMENT_FORM_WORDS + _LEGAL_WORDS + _WIDGET_WORDS
# Greek, with the signs re.IGNORECASE takes for Greek letters (micro, ypogegrammeni).
_GREEK = re.compile("[\u00b5\u0345\u0370-\u03ff\u1f00-\u1fff]")


def may_be_furniture(paragraph: str, lowered: str, words: int, *, phrased: bool = True, called: bool = True) -> bool:
    """False only when `furniture_reason(paragraph)` is None and `is_comment_header` is
    False: a cheap necessary condition of their rules, for the fast path
    (annotator/text/plain.py, which says what `lowered` and `words` are). The fast path
    passes `phrased=False` when it knows no STOCK_PHRASES occurs in `lowered`, and
    `called=False` when no run of word characters in `lowered` is a CTA_VERB_WORDS or
    none is a CTA_CHANNEL_WORDS."""
    if is_comment_header(paragraph):
        return True
    if _MARKS.search(paragraph) is not None:  # code needs one of "{[=", a list a separator
        return True
    if words <= 25 and _may_be_short_furniture(paragraph, lowered, phrased):
        return True
    if words > _CTA_MAX_WORDS or not called:
        return False
    runs = set(_RUN.findall(lowered))
    return not runs.isdisjoint(CTA_VERB_WORDS) and not runs.isdisjoint(CTA_CHANNEL_WORDS)


def _may_be_short_furniture(paragraph: str, lowered: str, phrased: bool) -> bool:
    return (
        _BREADCRUMB.match(paragraph) is not None
        or _TEASER.match(paragraph) is not None
        or lowered.rstrip().rstrip(":*").rstrip().endswith(_FORM_LABELS)
        or (phrased and any(phrase in lowered for phrase in STOCK_PHRASES))
        or (not paragraph.isascii() and _GREEK.search(paragraph) is not None)
    )


def furniture_reason(paragraph: str) -> str | None:
    """Why `paragraph` is page furniture, or None when it may be article text."""
    words = paragraph.split()
    if _looks_like_code(paragraph):
        return CODE
    if len(words) <= 25:
        if _BREADCRUMB.match(paragraph):
            return BREADCRUMB
        if _COMMENT_FORM.search(paragraph):
            return COMMENT_FORM
        if _LEGAL.search(paragraph):
            return LEGAL
        if _WIDGET.search(paragraph):
            return WIDGET
        if _TEASER.match(paragraph):
            return TEASER
    if _is_list(paragraph):
        return NAVIGATION
    if len(words) <= _CTA_MAX_WORDS and is_call_to_action(paragraph):
        return CALL_TO_ACTION
    return None


def is_comment_header(paragraph: str) -> bool:
    """The line that opens a comment section: "Leave a Reply", "12 Comments on …"."""
    return len(paragraph) <= 120 and _COMMENT_HEADER.match(paragraph) is not None


def is_list_header(paragraph: str) -> bool:
    """The heading of a list of other stories: "More Stories", "Latest News", "Related"."""
    return len(paragraph) <= 40 and _LIST_HEADER.match(paragraph) is not None


def is_call_to_action(paragraph: str) -> bool:
    """An appeal to the reader to subscribe, follow, share, download or sign up."""
    if _CTA.search(paragraph) is None or _REPORTED.search(paragraph):
        return False
    return _CTA_ADDRESS.search(paragraph) is not None


def _is_list(paragraph: str) -> bool:
    # "A • B • C": three or more items, none of them a sentence.
    items = [item for item in _LIST_SEPARATOR.split(paragraph) if item.strip()]
    if len(items) < 3:
        return False
    return sum(1 for item in items if _SENTENCE_END.search(item.strip())) <= len(items) // 3


def _looks_like_code(paragraph: str) -> bool:
    if len(paragraph) < 12 or not any(char in paragraph for char in "{[="):
        return False
    code = sum(1 for char in paragraph if char in _CODE_CHARS)
    return code / len(paragraph) >= 0.08 and len(_WORD.findall(paragraph)) < len(paragraph) / 6
