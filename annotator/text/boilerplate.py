"""Rules that recognise what is not article text: page furniture, appeals, stray
fragments, photo credits and captions. Each rule looks at one whitespace-normalised
paragraph and names why it does not belong; none knows about any particular site."""

import re

MOJIBAKE_RESIDUE = "mojibake residue"
COLOUR_CODE = "colour code"
LONE_SYMBOL = "lone number or symbol"
PHOTO_CREDIT = "photo credit"
PAGE_FURNITURE = "share/subscribe/cookie line"
APPEAL = "newsletter/donation appeal"
REPEATED = "repeated paragraph"

# What is left of a broken multi-byte character when nothing else survives on the line.
_RESIDUE = re.compile(r"[ÂÃâ€™œ�ï»¿Ð¤Ñ‚ \u00a0]{1,6}")
_COLOUR = re.compile(r"#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})|rgba?\([\d\s.,%]+\)", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")

# Who took the picture: agencies and picture desks seen in credits.
_AGENCY = (
    r"Getty(?: Images)?|AFP|Reuters|AP(?: Photo)?|EPA(?:-EFE)?|Shutterstock|Alamy|PA(?: Images| Wire)?|Xinhua|"
    r"Anadolu(?: Agency)?|Bloomberg|NurPhoto|SOPA Images|LightRocket|ZUMA(?: Press| Wire)?|Sipa(?: USA)?|"
    r"Corbis|Magnum|Polaris|Redux|Rex(?: Features)?|TASS|WANA|Handout|Images"
)
_CREDIT_LABEL = r"(?:photo(?:graph|s)?|image|picture|pic|illustration|credit|photo credit)"
# "(Atta Kenare / AFP/Getty Images)", "(Photo: Jane Doe)", "(AP Photo/Vahid Salemi)"
_CREDIT_BODY = re.compile(
    rf"(?:{_CREDIT_LABEL}\s*(?:by\b|:)\s*\S.*"
    rf"|(?:[^/()]{{1,60}}/\s*)+[^/()]{{1,60}}"
    rf"|.{{0,60}}\b(?:{_AGENCY})\b.{{0,60}})",
    re.IGNORECASE,
)
_LABELLED_ALONE = re.compile(rf"{_CREDIT_LABEL}\s*(?:by\b|:)\s*\S.{{0,100}}", re.IGNORECASE)
_AGENCY_NAME = re.compile(rf"\b(?:{_AGENCY})\b")
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_PAREN_CREDIT = re.compile(r"\(([^()]{2,140})\)\s*$")
# "Photograph: Atta Kenare/AFP/Getty Images" at the end of a caption. Capitalised labels
# only: "... in a photo by the ministry" is a sentence, not a credit.
_LABELLED_CREDIT = re.compile(
    r"(?:^|[.!?]\s+|\s)\(?(?:Photo(?:graph|s)?|PHOTO|Image|Picture|Pic|Illustration|Photo credit|Credit)"
    r"\s*(?:by\b|:)\s*[^.!?:]{2,100}\)?$"
)
_PHOTO_WORD = re.compile(r"\b(?:Photo|PHOTO|Photograph|Getty|Images|Shutterstock|Alamy|Pool|Handout|Illustration)\b")
# Wire-copy footers end in parentheses too, and belong to the article.
_BYLINE_FOOTER = re.compile(r"(?:additional )?(?:reporting|editing|writing|compiled|translated) by\b", re.IGNORECASE)
# "In this file photo taken on …", "A file photo of …", "This handout picture shows …".
_CAPTION_OPENING = re.compile(
    r"^\W*(?:FILE PHOTO\b|(?:in this|this|a|an|the above)\s+(?:undated\s+|handout\s+|file\s+|aerial\s+|video\s+)*"
    r"(?:photo|picture|image|photograph|still|screengrab|screenshot|grab)s?\b(?:\s+(?:taken|released|provided|made|of|"
    r"shows|showing|from|dated|obtained|posted|made available)\b))",
    re.IGNORECASE,
)
# "… The Egyptian Presidency/Handout via REUTERS", "… REUTERS/Mohamed Abd El Ghany".
_WIRE_PHOTO_CREDIT = re.compile(
    r"(?:/\s*Handout via [A-Z][\w ]{1,30}|\bvia (?:REUTERS|Reuters|AFP|Getty Images|AP)|\b(?:REUTERS|AFP|EPA|"
    r"ANADOLU|XINHUA)/[A-Z][\w .'-]{2,40})\s*\.?$"
)
# "… attend a training session at Fortaleza city, June 25, 2013. (REUTERS)": a dated
# description credited to a wire in capitals is a picture's caption.
_DATED_AGENCY_CREDIT = re.compile(
    r"\b(?:19|20)\d\d\.?\s*\((?:REUTERS|AFP|AP|EPA|AAP|PA|XINHUA|ANADOLU|BERNAMA|IANS|PTI|ANI)(?: PHOTO)?\)$"
)
_WIRE_TAG = re.compile(r"[A-Z]{2,6}")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright\b)", re.IGNORECASE)

_FURNITURE_PHRASE = (
    r"(?:share(?: this)?|tweet|e-?mail(?: this)?|print(?: this)?|whatsapp|facebook|twitter|linkedin|reddit|pinterest|"
    r"copy(?: the)? link|link copied|follow(?: us)?|like us|read more|read next|related(?: articles?| stories)?|"
    r"see also|more from|more on this(?: story)?|advertisement|sponsored(?: content)?|skip to(?: main)? content|"
    r"back to top|jump to|sign in|log in|sign up|subscribe|comments?|leave a comment|view comments|show comments|"
    r"listen to this article|\d+ min(?:ute)? read|top stories|most (?:read|popular|viewed)|trending(?: now)?)"
)
# Page furniture is a stock phrase standing alone ("Share this article", "Follow us on X"),
# or a stock label before a link ("Read more: ..."); never a sentence about shares or comments.
_FURNITURE_TAIL = (
    r"(?:\s+(?:this|on|via|to|the|our|us|with|in|and|for|a|an|now|here|article|story|page|post|link|comments?|"
    r"newsletter|facebook|twitter|x|instagram|linkedin|whatsapp|email|telegram|youtube|tiktok|more|all|it))*"
)
_FURNITURE = re.compile(
    rf"{_FURNITURE_PHRASE}{_FURNITURE_TAIL}\s*[:.!|»›>-]?|{_FURNITURE_PHRASE}\s*:.*|click here\b.*"
    r"|(?:we|this (?:site|website)) uses? cookies\b.*|(?:accept|reject|manage)(?: all)? cookies.*",
    re.IGNORECASE,
)
_FURNITURE_MAX_WORDS = 12

# Appeals: fundraising and sign-up texts speak to the reader about money and e-mail.
_STRONG = frozenset(
    "subscribe subscribed subscriber subscribers subscribing subscription subscriptions unsubscribe newsletter "
    "newsletters inbox donate donating donation donations reader-supported reader-funded listener-supported "
    "viewer-supported member-supported nonprofit non-profit paywall cookie cookies sign-up signup ad-free "
    "advertisement advertisements sponsored patreon crowdfunding tax-deductible membership".split()
)
_WEAK = frozenset(
    "you your yours yourself we we're we've we'll our ours us support supporting supporters give giving gift free "
    "thank thanks help helps funded funding fund readers reader journalism journalists independent independence "
    "e-mail email share follow click join please today now contribute contribution contributions member members "
    "community mission daily weekly delivered newsroom register account generous generosity".split()
)
# Substrings that every strong word contains: a cheap test that skips most news paragraphs.
STRONG_HINTS = (
    "subscri",
    "newsletter",
    "inbox",
    "donat",
    "-supported",
    "-funded",
    "profit",
    "paywall",
    "cookie",
    "sign-up",
    "signup",
    "ad-free",
    "advertis",
    "sponsored",
    "patreon",
    "crowdfund",
    "deductible",
    "membership",
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Appeals speak to the reader; news about donations or subscriptions reports them.
_ADDRESS = frozenset("you your yours you're you'll you've we we're we've we'll our ours us".split())
_REPORTED = re.compile(r"\b(?:said|says|told|according to)\b", re.IGNORECASE)
_APPEAL_DENSITY = 0.2


def junk_reason(paragraph: str) -> str | None:
    """Why `paragraph` is not article text, or None when it may be."""
    if len(paragraph) <= 6 and _RESIDUE.fullmatch(paragraph):
        return MOJIBAKE_RESIDUE
    if _LETTER.search(paragraph) is None:
        return COLOUR_CODE if _COLOUR.fullmatch(paragraph) else LONE_SYMBOL
    if len(paragraph) <= 6:
        if _COLOUR.fullmatch(paragraph):
            return COLOUR_CODE
        if len(paragraph) == 1:
            return LONE_SYMBOL
    elif _COLOUR.fullmatch(paragraph):
        return COLOUR_CODE
    if is_photo_credit(paragraph):
        return PHOTO_CREDIT
    if len(paragraph) < 120 and len(paragraph.split()) <= _FURNITURE_MAX_WORDS and _FURNITURE.fullmatch(paragraph):
        return PAGE_FURNITURE
    if is_appeal(paragraph):
        return APPEAL
    return None


def may_be_junk(paragraph: str, lowered: str, words: int, *, hinted: bool = True, labelled: bool = True) -> bool:
    """False only when `junk_reason(paragraph)` is None: a cheap necessary condition of
    its rules, for the fast path (annotator/text/plain.py, which says what `lowered` is,
    and passes `hinted=False` when it knows no STRONG_HINTS occurs in `lowered`,
    `labelled=False` when no credit label does: see may_be_caption)."""
    if len(paragraph) <= 6 or _COLOUR.fullmatch(paragraph):  # residue, lone symbols, colour codes
        return True
    if _LETTER.search(paragraph) is None:
        return True
    # The credit and furniture-line rules are anchored at the start: cheap to run as they are.
    # A credit without a label ("© Reuters", "Jane Doe/AFP") has at most ten words
    # inside its parentheses, so at most twelve.
    if len(paragraph) <= 160 and (labelled or words <= 12) and is_photo_credit(paragraph):
        return True
    if len(paragraph) < 120 and words <= _FURNITURE_MAX_WORDS and _FURNITURE.fullmatch(paragraph):
        return True
    return hinted and any(hint in lowered for hint in STRONG_HINTS)  # as is_appeal looks first


def may_be_caption(paragraph: str, *, labelled: bool = True) -> bool:
    """False only when `caption_credit(paragraph)` is False: each of its patterns needs a
    mark or a word checked here, in the same case it is matched in. `labelled=False`:
    the caller knows no CREDIT_LABELS occurs in `paragraph`, in any case."""
    if len(paragraph) > 1200:
        return False
    if paragraph.endswith(")"):
        return True
    if len(paragraph) <= 400 and _CAPTION_OPENING.match(paragraph):
        return True
    end = paragraph[-80:]
    if "/" in end or "via " in end:  # every _WIRE_PHOTO_CREDIT alternative has one
        return True
    return labelled and any(label in paragraph for label in CREDIT_LABELS)


# Every label _LABELLED_CREDIT matches (case-sensitive) contains one of these.
CREDIT_LABELS = ("Photo", "PHOTO", "Image", "Pic", "Illustration", "Credit")


def is_photo_credit(paragraph: str) -> bool:
    """A credit standing on its own: "Photo: Reuters", "(Jane Doe / AFP/Getty Images)"."""
    if len(paragraph) > 160:
        return False
    parenthesised = paragraph.startswith("(") and paragraph.endswith(")")
    inner = paragraph[1:-1] if parenthesised else paragraph
    if _LABELLED_ALONE.fullmatch(inner):
        return len(inner.split()) <= 10 or "/" in inner
    if _COPYRIGHT.match(inner) and len(inner.split()) <= 10:
        return True
    # A bare "Name/Agency" credit names an agency and has no sentence in it; "Reuters adds:" is body.
    if len(inner.split()) <= 8 and _SENTENCE_BREAK.search(inner) is None and _AGENCY_NAME.search(inner):
        return "/" in inner or parenthesised or inner.endswith(("Images", "Photo"))
    return False


def caption_credit(paragraph: str) -> bool:
    """True when `paragraph` is a photo caption: a description ending in its credit, or
    one that says it describes a picture ("In this file photo taken on …")."""
    if len(paragraph) > 1200 or len(paragraph.split()) < 4:
        return False
    if len(paragraph) <= 400 and _CAPTION_OPENING.match(paragraph):
        return True
    if _WIRE_PHOTO_CREDIT.search(paragraph[-80:]):
        return True
    if paragraph.endswith(")"):
        found = _PAREN_CREDIT.search(paragraph)
        if found and found.start() > 0:
            credit = found.group(1)
            if _DATED_AGENCY_CREDIT.search(paragraph):
                return True
            return _CREDIT_BODY.fullmatch(credit) is not None and _looks_like_credit(credit)
    tail = paragraph[-140:]
    return (":" in tail or " by " in tail) and len(paragraph) > 40 and _LABELLED_CREDIT.search(paragraph) is not None


def _looks_like_credit(credit: str) -> bool:
    # A picture credit names the photographer and agency ("Jane Doe / AFP", "AP Photo/...");
    # "(Reuters)" alone attributes the text, and "(year/year)" is no credit at all.
    if _BYLINE_FOOTER.match(credit.strip()):
        return False
    if _PHOTO_WORD.search(credit) or _LABELLED_ALONE.match(credit):
        return True
    parts = [part.strip() for part in credit.split("/")]
    if all(_AGENCY_NAME.fullmatch(part) or _WIRE_TAG.fullmatch(part) for part in parts):
        return False  # "(Reuters/NAN)": the wires that carried the text, no photographer
    return len(parts) >= 2 and all(part[:1].isupper() for part in parts)


def is_appeal(paragraph: str) -> bool:
    """A fundraising, newsletter or sign-up appeal, judged by how densely it uses their vocabulary."""
    lowered = paragraph.lower()
    if not any(hint in lowered for hint in STRONG_HINTS):
        return False
    words = _WORD.findall(paragraph)
    if not words:
        return False
    strong = weak = address = 0
    for word in words:
        if word == "US":  # the country, not the pronoun
            continue
        lowered = word.lower().replace("’", "'")
        if lowered in _ADDRESS:
            address += 1
        if lowered.endswith("'s"):
            lowered = lowered[:-2]
        if lowered in _STRONG:
            strong += 1
        elif lowered in _WEAK:
            weak += 1
    if strong == 0 or address == 0 or _REPORTED.search(paragraph):
        return False
    return (3 * strong + weak) / len(words) >= _APPEAL_DENSITY
