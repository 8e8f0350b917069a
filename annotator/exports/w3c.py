"""Statements as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), so
other annotation tools can read them. No Django here."""

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def article_iri(article_id: int, url: str | None) -> str:
    return url or f"urn:annotator:article:{article_id}"


def annotation(s, *, prefix: str, suffix: str) -> dict:
    """`s` is a statement; `prefix` and `suffix` the article text just before and after
    its quote. Positions count Unicode code points, as Python and the database do."""
    bodies = [{"type": "TextualBody", "purpose": "classifying", "value": s.stance}]
    if s.speaker is not None:
        bodies.append({"type": "TextualBody", "purpose": "identifying", "value": s.speaker.name})
    if s.proposition is not None:
        bodies.append({"type": "TextualBody", "purpose": "describing", "value": s.proposition.text})
    if s.via is not None:
        bodies.append({"type": "TextualBody", "purpose": "tagging", "value": f"via {s.via.name}"})
    result = {
        "id": f"urn:annotator:statement:{s.pk}",
        "type": "Annotation",
        "motivation": "classifying",
        "created": s.created_at.isoformat(),
        "modified": s.updated_at.isoformat(),
        "body": bodies,
        "target": {
            "source": article_iri(s.article_id, s.article.url),
            "selector": [
                {"type": "TextQuoteSelector", "exact": s.quote, "prefix": prefix, "suffix": suffix},
                {"type": "TextPositionSelector", "start": s.start, "end": s.end},
            ],
        },
    }
    if s.annotator is not None:
        result["creator"] = {"type": "Person", "nickname": s.annotator.username}
    return result
