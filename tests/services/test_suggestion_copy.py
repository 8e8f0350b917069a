"""On PostgreSQL a suggester run is stored with COPY, and it stores exactly what the INSERT
path stores: the same statement rows, the same history rows (type, user, change reason,
values), the same links between a denial and its claim, under the same per-article cap,
with the same triggers firing. A rerun adds nothing twice, and a failure at any point
leaves nothing of the run behind."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.models import Actor, Origin, ReviewStatus, Source, Stance, Statement
from annotator.services import suggestion_copy
from annotator.services.suggestion_copy import copy_available, statements_copy
from annotator.services.suggestion_store import suggestions_store
from annotator.services.suggestions import suggestions_generate
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PENDING = {"origin": Origin.SUGGESTED, "review_status": ReviewStatus.PENDING}

# Sentences the suggester reads as claims and denials: reported speech, direct quotes,
# denials answering the claim before them, known and unknown speakers and outlets.
SENTENCES = [
    "The newspaper reported that minister {name} had taken bribes from the builder.",
    '"That is simply untrue," the spokeswoman, Maria Costa, told broadcaster {outlet} on day {n}.',
    "{name} said that talks {n} went well.",
    '"Nothing happened on day {n}," {name} told {outlet}.',
    "The ministry denied that troops had crossed the border {n}, according to {outlet}.",
    "{name} claimed that the vote {n} was rigged.",
    "Officials rejected claims that {name} had resigned.",
    "It rained on day {n}.",
]
NAMES = ["Núñez", "Kirby", "Li", "Maria Costa", "Ørsted"]
OUTLETS = ["Reuters", "KBS", "AFP", "Radio Zürich"]


class Undo(Exception):
    """Raised to roll a run back, so the other path starts from the same database."""


def run_and_undo(article, *, use_copy: bool, user=None) -> tuple[list[dict], list[dict], object]:
    """Store `article`'s suggestions by one path, read back what it wrote, then roll it back."""
    rows = history = run = None
    try:
        with transaction.atomic():
            run = suggestions_generate(article=article, user=user, use_copy=use_copy)
            rows, history = stored(article)
            raise Undo
    except Undo:
        pass
    return rows, history, run


def stored(article) -> tuple[list[dict], list[dict]]:
    """The article's statements and history rows in id order, ids replaced by their rank
    (two paths draw different ids) and links by what they point at; timestamps checked
    to be in order (created, updated, recorded), then left out: two runs are not at the
    same instant."""
    rows = list(Statement.objects.filter(article=article).order_by("id").values())
    history = list(Statement.history.filter(article_id=article.pk).order_by("history_id").values())
    key = {row["id"]: (row["start"], row["end"], row["stance"]) for row in rows}
    records = {record["id"]: record for record in history if record["history_type"] == "+"}
    for row in rows:
        assert row["created_at"] <= row["updated_at"]
        if row["id"] in records:
            assert row["updated_at"] <= records[row["id"]]["history_date"]
    for rank, row in enumerate(rows):
        row.update(id=rank, responds_to_id=key.get(row["responds_to_id"], row["responds_to_id"]))
        del row["created_at"], row["updated_at"]
    rank_of = {pk: rank for rank, pk in enumerate(key)}
    for rank, record in enumerate(history):
        record.update(
            history_id=rank,
            id=rank_of.get(record["id"]),
            responds_to_id=key.get(record["responds_to_id"], record["responds_to_id"]),
        )
        del record["created_at"], record["updated_at"], record["history_date"]
    return rows, history


def article_of(sentences: list[tuple[int, int, int]]):
    parts = [
        SENTENCES[which].format(name=NAMES[name], outlet=OUTLETS[outlet], n=n)
        for n, (which, name, outlet) in enumerate(sentences)
    ]
    return ArticleFactory(body="\n\n".join(parts), url=None)


sentence_lists = st.lists(
    st.tuples(st.integers(0, len(SENTENCES) - 1), st.integers(0, len(NAMES) - 1), st.integers(0, len(OUTLETS) - 1)),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sentences=sentence_lists, first=st.integers(0, 6), more=st.integers(1, 40), known=st.booleans())
def test_copy_and_insert_store_the_same_rows_and_history_for_the_same_suggester_output(
    sentences, first, more, known, analyst
):
    with transaction.atomic():
        if known:  # a linked speaker and a known outlet in some texts, proposed ones in others
            Actor.objects.create(name="Maria Costa")
            Source.objects.get_or_create(name="Radio Zürich", defaults={"slug": "radio-zurich"})
        article = article_of(sentences)
        # Some suggestions stored before (so some denials answer an existing claim, and
        # the cap counts them), then the run compared.
        with override_settings(ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE=first):
            suggestions_generate(article=article, use_copy=False)
        with override_settings(ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE=first + more):
            by_insert = run_and_undo(article, use_copy=False, user=analyst)
            by_copy = run_and_undo(article, use_copy=True, user=analyst)
        transaction.set_rollback(True)
    assert by_copy[0] == by_insert[0]
    assert by_copy[1] == by_insert[1]
    assert by_copy[2] == by_insert[2]


def test_statements_made_by_hand_keep_every_field_and_history_attribute_on_both_paths(analyst, reviewer):
    # What a caller may set beyond the suggester's fields: an independent version of a
    # double annotation with its annotator and the statement it was adjudicated from,
    # a proposition, a per-instance history user and change reason.
    article = article_of([(2, 1, 0), (3, 2, 1), (2, 0, 2)])
    body = article.body
    earlier = Statement.objects.create(article=article, start=0, end=5, quote=body[:5], annotator=analyst)

    def statements():
        claim = Statement(article=article, start=6, end=20, quote=body[6:20], stance=Stance.CLAIM, **PENDING)
        denial = Statement(
            article=article,
            start=21,
            end=30,
            quote=body[21:30],
            stance=Stance.DENIAL,
            responds_to=claim,
            independent=True,
            annotator=analyst,
            adjudicated_from=earlier,
            direct=True,
            cue="told",
            cue_start=22,
            cue_end=26,
            speaker_text="Li",
            speaker_start=23,
            speaker_end=25,
            note="Relayed via KBS (not a known source)",
            **PENDING,
        )
        denial._history_user = reviewer
        denial._change_reason = "imported from a partner"
        answer = Statement(article=article, start=31, end=40, quote=body[31:40], responds_to=earlier, **PENDING)
        return [denial, claim, answer]  # given out of order: the claim goes in first all the same

    def store(use_copy):
        try:
            with transaction.atomic():
                suggestions_store(article=article, statements=statements(), user=analyst, use_copy=use_copy)
                result = stored(article)
                raise Undo
        except Undo:
            return result

    by_insert, by_copy = store(False), store(True)
    assert by_copy == by_insert
    rows, history = by_copy
    denial = next(row for row in rows if row["stance"] == Stance.DENIAL)
    assert (denial["independent"], denial["annotator_id"], denial["responds_to_id"]) == (
        True,
        analyst.pk,
        (6, 20, Stance.CLAIM),
    )
    assert {(r["history_user_id"], r["history_change_reason"]) for r in history if r["id"] == denial["id"]} == {
        (reviewer.pk, "imported from a partner")
    }


def test_the_stored_statements_come_back_saved_linked_and_editable():
    article = article_of([(2, 1, 0), (3, 2, 1)])
    run = suggestions_generate(article=article)
    statements = list(Statement.objects.filter(article=article).order_by("start"))
    assert run.created == len(statements) == 2
    claim, denial = statements
    assert denial.responds_to_id == claim.pk
    claim.note = "checked"
    claim.save()
    assert Statement.history.filter(id=claim.pk).count() == 2


def test_the_returned_statements_hold_their_ids_links_and_timestamps():
    article = article_of([(2, 1, 0), (3, 2, 1)])
    body = article.body
    claim = Statement(article=article, start=0, end=10, quote=body[:10], **PENDING)
    denial = Statement(article=article, start=11, end=20, quote=body[11:20], responds_to=claim, **PENDING)
    suggestions_store(article=article, statements=[claim, denial], use_copy=True)
    assert claim.pk and denial.pk and not claim._state.adding
    assert denial.responds_to is claim and denial.responds_to_id == claim.pk
    fresh = Statement.objects.get(pk=denial.pk)
    assert (fresh.created_at, fresh.updated_at, fresh.responds_to_id) == (
        denial.created_at,
        denial.updated_at,
        claim.pk,
    )


def test_on_postgresql_the_run_is_not_sent_as_inserts():
    article = article_of([(2, 1, 0), (3, 2, 1), (4, 0, 2)])
    assert copy_available()
    with CaptureQueriesContext(connection) as queries:
        run = suggestions_generate(article=article)
    assert run.created == Statement.objects.filter(article=article).count() > 0
    inserts = [
        q["sql"]
        for q in queries
        if q["sql"].startswith(('INSERT INTO "annotator_statement"', 'INSERT INTO "annotator_historicalstatement"'))
    ]
    assert inserts == []
    with CaptureQueriesContext(connection) as queries:
        suggestions_generate(article=article_of([(2, 1, 0)]), use_copy=False)
    assert any(q["sql"].startswith('INSERT INTO "annotator_statement"') for q in queries)


@override_settings(ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE=5)
def test_an_article_holds_at_most_the_cap_and_a_rerun_adds_nothing():
    article = article_of([(2, 1, 0), (3, 2, 1)] * 4)  # 8 suggestions
    run = suggestions_generate(article=article)
    assert (run.created, run.dropped) == (5, 3)
    again = suggestions_generate(article=article)
    assert (again.created, again.skipped_existing, again.dropped) == (0, 5, 3)
    with override_settings(ANNOTATOR_MAX_SUGGESTIONS_PER_ARTICLE=100):
        rest = suggestions_generate(article=article)
    assert (rest.created, rest.skipped_existing) == (3, 5)
    keys = list(Statement.objects.filter(article=article).values_list("start", "end", "stance"))
    assert len(keys) == len(set(keys)) == 8
    assert Statement.history.filter(article_id=article.pk).count() == 8


class Cut(DatabaseError):
    """The database going away between the two COPYs."""


def test_a_failure_between_the_statements_and_their_history_leaves_nothing_and_a_rerun_stores_each_once(
    monkeypatch,
):
    article = article_of([(2, 1, 0), (3, 2, 1)] * 3)
    copy = suggestion_copy._copy

    def statements_then_cut(cursor, table, columns, rows):
        if table == Statement.history.model._meta.db_table:
            assert Statement.objects.filter(article=article).count() == 6  # the statements are in
            raise Cut("connection lost")
        copy(cursor, table, columns, rows)

    monkeypatch.setattr(suggestion_copy, "_copy", statements_then_cut)
    with pytest.raises(Cut):
        suggestions_generate(article=article)
    assert not Statement.objects.filter(article=article).exists()
    assert not Statement.history.filter(article_id=article.pk).exists()
    monkeypatch.setattr(suggestion_copy, "_copy", copy)
    run = suggestions_generate(article=article)
    assert run.created == 6
    assert Statement.objects.filter(article=article).count() == 6
    assert Statement.history.filter(article_id=article.pk).count() == 6


def test_after_a_failure_the_same_statements_can_be_stored_again(monkeypatch):
    article = article_of([(2, 1, 0), (3, 2, 1)])
    body = article.body
    claim = Statement(article=article, start=0, end=10, quote=body[:10], **PENDING)
    denial = Statement(article=article, start=11, end=20, quote=body[11:20], responds_to=claim, **PENDING)
    monkeypatch.setattr(suggestion_copy, "_history_rows", lambda *args: (_ for _ in ()).throw(Cut("lost")))
    with pytest.raises(Cut):
        suggestions_store(article=article, statements=[claim, denial], use_copy=True)
    assert (claim.pk, denial.pk, denial.responds_to) == (None, None, claim)  # new again, still linked
    monkeypatch.undo()
    suggestions_store(article=article, statements=[claim, denial], use_copy=True)
    assert Statement.objects.get(pk=denial.pk).responds_to_id == claim.pk


def test_the_quote_trigger_still_refuses_a_wrong_quote_among_many_copied_at_once():
    # Past the model's validation: the database's own check runs on what COPY wrote.
    article = ArticleFactory(body="A sentence of some words. " * 800, url=None)
    body = article.body
    rows = [
        Statement(article=article, start=n * 10, end=n * 10 + 8, quote=body[n * 10 : n * 10 + 8], **PENDING)
        for n in range(1000)
    ]
    rows[700].quote = "x" * 8
    with pytest.raises(DatabaseError, match="quote is not the text"), transaction.atomic():
        statements_copy(rows)
    past_the_end = Statement(article=article, start=len(body) - 2, end=len(body) + 1, quote=body[-2:] + "x")
    with pytest.raises(DatabaseError, match="past the end"), transaction.atomic():
        statements_copy([past_the_end])
    assert not Statement.objects.filter(article=article).exists()
    assert not Statement.history.filter(article_id=article.pk).exists()


def test_the_foreign_keys_are_still_checked_on_what_copy_wrote():
    article = article_of([(2, 1, 0)])
    orphan = Statement(article=article, start=0, end=5, quote=article.body[:5], via_id=10**9, **PENDING)
    with pytest.raises(IntegrityError, match="via_id"), transaction.atomic():
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")  # checked now, not at commit
        statements_copy([orphan])
    assert not Statement.objects.filter(article=article).exists()


def test_every_trigger_on_the_statement_table_fires_for_copied_rows():
    # A trigger added later (counters kept by the database, say) sees COPY's rows as it
    # sees INSERTs: one call per row for a row trigger, all rows for a statement trigger.
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE fired (kind text, n int)")
        cursor.execute(
            """CREATE FUNCTION pg_temp.count_rows() RETURNS trigger AS $$
               BEGIN INSERT INTO fired VALUES ('row', 1); RETURN NULL; END $$ LANGUAGE plpgsql"""
        )
        cursor.execute(
            """CREATE FUNCTION pg_temp.count_inserted() RETURNS trigger AS $$
               BEGIN INSERT INTO fired SELECT 'statement', count(*) FROM inserted_rows; RETURN NULL; END
               $$ LANGUAGE plpgsql"""
        )
        cursor.execute(
            "CREATE TRIGGER test_row AFTER INSERT ON annotator_statement "
            "FOR EACH ROW EXECUTE FUNCTION pg_temp.count_rows()"
        )
        cursor.execute(
            "CREATE TRIGGER test_statement AFTER INSERT ON annotator_statement REFERENCING NEW TABLE AS inserted_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.count_inserted()"
        )
    run = suggestions_generate(article=article_of([(2, 1, 0), (3, 2, 1)] * 5), use_copy=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, sum(n) FROM fired GROUP BY kind ORDER BY kind")
        assert cursor.fetchall() == [("row", run.created), ("statement", run.created)]


def test_a_statement_breaking_a_rule_or_linked_to_an_unsaved_object_stores_nothing():
    article = article_of([(2, 1, 0)])
    good = Statement(article=article, start=0, end=3, quote=article.body[:3], **PENDING)
    bad = Statement(article=article, start=4, end=9, quote="wrong", **PENDING)
    with pytest.raises(ValidationError, match="Suggestion 1"):
        suggestions_store(article=article, statements=[good, bad], use_copy=True)
    unsaved = Statement(article=article, start=4, end=9, quote=article.body[4:9], speaker=Actor(name="New"), **PENDING)
    with pytest.raises(ValueError, match="speaker is not saved"):
        suggestions_store(article=article, statements=[good, unsaved], use_copy=True)
    assert not Statement.objects.filter(article=article).exists()
    assert good.pk is None


def test_a_statement_breaking_a_rule_deep_in_the_stream_stores_nothing_and_the_first_one_given_is_named():
    # Each statement is checked as its row is made, thousands of rows already sent; a
    # denial is made after the claims (a later wave), yet a broken denial given first is
    # the one the error names, as when every statement was checked before the COPY.
    article = ArticleFactory(body="A sentence of some words. " * 800, url=None)
    body = article.body
    rows = [
        Statement(article=article, start=n * 10, end=n * 10 + 8, quote=body[n * 10 : n * 10 + 8], **PENDING)
        for n in range(2000)
    ]
    rows[1500].quote = "x" * 8  # the right length: only clean() sees it is not the text
    denial = Statement(article=article, start=0, end=5, quote="wrong", responds_to=rows[1], **PENDING)
    with pytest.raises(ValidationError, match=r"Suggestion 1500 \(15000-15008\)"):
        suggestions_store(article=article, statements=rows, use_copy=True)
    with pytest.raises(ValidationError, match=r"Suggestion 0 \(0-5\)"):
        suggestions_store(article=article, statements=[denial, *rows], use_copy=True)
    assert not Statement.objects.filter(article=article).exists()
    assert not Statement.history.filter(article_id=article.pk).exists()
    assert {row.pk for row in rows} == {None}
    rows[1500].quote = body[15000:15008]
    denial.quote = body[0:5]
    suggestions_store(article=article, statements=[denial, *rows], use_copy=True)
    assert Statement.objects.filter(article=article).count() == 2001
    assert Statement.objects.get(pk=denial.pk).responds_to_id == rows[1].pk


def test_a_failure_in_the_middle_of_the_stream_leaves_nothing_and_the_connection_usable():
    # Rows already sent when one cannot be written: the COPY is abandoned whole.
    article = ArticleFactory(body="A sentence of some words. " * 800, url=None)
    body = article.body
    rows = [
        Statement(article=article, start=n * 10, end=n * 10 + 8, quote=body[n * 10 : n * 10 + 8], **PENDING)
        for n in range(2000)
    ]
    rows[1500].note = object()  # nothing a database column can hold
    with pytest.raises(DatabaseError):
        suggestions_store(article=article, statements=rows, use_copy=True)
    assert not Statement.objects.filter(article=article).exists()
    assert {row.pk for row in rows} == {None}
    rows[1500].note = ""
    suggestions_store(article=article, statements=rows, use_copy=True)
    assert (
        Statement.objects.filter(article=article).count()
        == Statement.history.filter(article_id=article.pk).count()
        == 2000
    )


def test_with_no_user_given_the_history_names_the_request_user_as_the_insert_path_does(analyst, rf):
    # simple-history's middleware keeps the request: its user is a history row's default.
    from simple_history.models import HistoricalRecords

    article = article_of([(2, 1, 0), (3, 2, 1)])
    request = rf.get("/")
    request.user = analyst
    HistoricalRecords.context.request = request
    try:
        by_insert = run_and_undo(article, use_copy=False)
        by_copy = run_and_undo(article, use_copy=True)
    finally:
        del HistoricalRecords.context.request
    assert by_copy == by_insert
    assert {record["history_user_id"] for record in by_copy[1]} == {analyst.pk}
