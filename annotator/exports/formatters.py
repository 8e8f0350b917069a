"""One object, one flat row: the columns of each CSV and the keys of each JSONL line.

The statement columns are a published interface (README): add at the end, never
rename or reorder."""

STATEMENT_COLUMNS = (
    "statement_id",
    "article_id",
    "article_title",
    "article_url",
    "source",
    "published_at",
    "speaker",
    "speaker_kind",
    "speaker_role",
    "speaker_affiliation",
    "stance",
    "proposition_id",
    "proposition",
    "quote",
    "start",
    "end",
    "via",
    "cue",
    "direct",
    "responds_to_id",
    "origin",
    "review_status",
    "annotator",
    "created_at",
    "updated_at",
    # Double annotation: one annotator's version (`versions=all` only), or the canonical
    # statement adjudicated from the version named here.
    "independent",
    "adjudicated_from_id",
)


# Where each statement column comes from, in column order: the export reads these as
# plain tuples (values_list), one JOINed query, no model instance per row.
STATEMENT_VALUES = (
    "id",
    "article_id",
    "article__title",
    "article__url",
    "article__source__name",
    "article__published_at",
    "speaker__name",
    "speaker__kind",
    "speaker__role",
    "speaker__affiliation",
    "stance",
    "proposition_id",
    "proposition__text",
    "quote",
    "start",
    "end",
    "via__name",
    "cue",
    "direct",
    "responds_to_id",
    "origin",
    "review_status",
    "annotator__username",
    "created_at",
    "updated_at",
    "independent",
    "adjudicated_from_id",
)
assert len(STATEMENT_VALUES) == len(STATEMENT_COLUMNS)

# What each statement column holds, for cells.row_converter: text may need neutralising,
# dates and flags need spelling out, numbers and NULLs the CSV writer writes as they are.
STATEMENT_KINDS = (
    "int",  # statement_id
    "int",  # article_id
    "text",  # article_title
    "text",  # article_url
    "text",  # source
    "datetime",  # published_at
    "text",  # speaker
    "text",  # speaker_kind
    "text",  # speaker_role
    "text",  # speaker_affiliation
    "text",  # stance
    "int",  # proposition_id
    "text",  # proposition
    "text",  # quote
    "int",  # start
    "int",  # end
    "text",  # via
    "text",  # cue
    "bool",  # direct
    "int",  # responds_to_id
    "text",  # origin
    "text",  # review_status
    "text",  # annotator
    "datetime",  # created_at
    "datetime",  # updated_at
    "bool",  # independent
    "int",  # adjudicated_from_id
)
assert len(STATEMENT_KINDS) == len(STATEMENT_COLUMNS)


def _name(obj, attr="name"):
    return getattr(obj, attr) if obj is not None else None


ARTICLE_COLUMNS = (
    "article_id",
    "title",
    "url",
    "source",
    "published_at",
    "language",
    "status",
    "claim_count",
    "denial_count",
    "created_at",
    "updated_at",
)


def article_row(a) -> tuple:
    return (
        a.pk,
        a.display_title,
        a.url,
        _name(a.source),
        a.published_at,
        a.language,
        a.status,
        a.claim_count,
        a.denial_count,
        a.created_at,
        a.updated_at,
    )


ACTOR_COLUMNS = (
    "actor_id",
    "name",
    "kind",
    "role",
    "affiliation",
    "country",
    "aliases",
    "merged_into_id",
    "claim_count",
    "denial_count",
    "created_at",
    "updated_at",
)


def actor_row(a) -> tuple:
    return (
        a.pk,
        a.name,
        a.kind,
        a.role,
        a.affiliation,
        a.country,
        "; ".join(a.aliases),
        a.merged_into_id,
        a.claim_count,
        a.denial_count,
        a.created_at,
        a.updated_at,
    )


PROPOSITION_COLUMNS = (
    "proposition_id",
    "text",
    "topics",
    "claim_count",
    "denial_count",
    "contested",
    "merged_into_id",
    "created_at",
    "updated_at",
)


def proposition_row(p) -> tuple:
    return (
        p.pk,
        p.text,
        "; ".join(p.topics),
        p.claim_count,
        p.denial_count,
        p.claim_count > 0 and p.denial_count > 0,
        p.merged_into_id,
        p.created_at,
        p.updated_at,
    )


SOURCE_COLUMNS = (
    "source_id",
    "name",
    "slug",
    "kind",
    "homepage",
    "aliases",
    "article_count",
    "relayed_count",
    "created_at",
)


def source_row(s) -> tuple:
    return (
        s.pk,
        s.name,
        s.slug,
        s.kind,
        s.homepage,
        "; ".join(s.aliases),
        s.article_count,
        s.relayed_count,
        s.created_at,
    )
