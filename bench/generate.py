"""Load the deterministic corpus into the database: COPY on PostgreSQL, bulk_create on SQLite.

Rows go in through the same constraints and triggers as any other write (the quote
trigger checks every statement); nothing is disabled. Rows carry explicit ids (the
corpus index + 1) so statements can name their article and the statement they answer
without a round trip; the sequences are moved past them afterwards.

The generator only ever writes into a database that is empty or holds an earlier
benchmark dataset (articles under BENCH_URL): it will not wipe someone's archive."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction

from annotator.models import (
    Actor,
    ActorTally,
    Article,
    ArticleTally,
    PairTally,
    Proposition,
    PropositionTally,
    Source,
    Statement,
)
from annotator.models.articles import content_hash
from annotator.reference_data import ensure_reference_data

from .corpus import Corpus, Scale

BENCH_URL = "https://bench.invalid/"
# Articles per COPY batch: each batch is one transaction, so a crash leaves whole articles.
BATCH = 2000
ANALYSTS = 5


class NotABenchDatabase(RuntimeError):
    pass


@dataclass
class Dataset:
    """What the measurements need to know about the loaded data."""

    articles: int
    statements: int
    reader_article: int
    reader_statements: int
    hot_proposition: int
    hot_statements: int
    top_speaker: int
    reviewer: str
    analysts: list[str]


def _users():
    User = get_user_model()
    ensure_reference_data(Group, Source)
    names = {"reviewer": "bench-reviewer", "analysts": [f"bench-analyst-{i}" for i in range(1, ANALYSTS + 1)]}
    users = []
    for name, group in [(names["reviewer"], "reviewer"), *((n, "analyst") for n in names["analysts"])]:
        user, created = User.objects.get_or_create(username=name)
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=group))
        users.append(user)
    return names, users


def _check_empty_or_bench() -> None:
    foreign = Article.objects.exclude(url__startswith=BENCH_URL).exists() or (
        not Article.objects.exists() and Statement.objects.exists()
    )
    if foreign:
        raise NotABenchDatabase(
            "This database holds articles the benchmark did not make; it refuses to overwrite them. "
            "Point DATABASE_URL at an empty database (createdb bench) and migrate it."
        )


def _wipe() -> None:
    # TRUNCATE fires no row triggers: the statement tallies are emptied with the statements.
    tallies = [m._meta.db_table for m in (ArticleTally, ActorTally, PropositionTally, PairTally)]
    tables = [m._meta.db_table for m in (Statement, Article, Actor, Proposition)] + tallies
    history = [m.history.model._meta.db_table for m in (Statement, Article, Actor, Proposition)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables + history)} RESTART IDENTITY CASCADE")
        else:
            for table in tables + history:
                cursor.execute(f"DELETE FROM {table}")
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables)


class _Loader:
    """Writes rows of one model: a COPY per batch on PostgreSQL, bulk_create on SQLite.

    Columns come from the model, and fields a row leaves out get their default, so a
    field added later to a model does not break the generator."""

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        # get_default() also gives "" for a string field without a default (as Django would).
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.json = {f.attname for f in self.fields if f.get_internal_type() == "JSONField"}
        self.rows = 0

    def _values(self, row: dict) -> tuple:
        values = []
        for f in self.fields:
            value = row[f.attname] if f.attname in row else self.defaults.get(f.attname)
            if f.attname in self.json:
                value = json.dumps(value)
            values.append(value)
        return tuple(values)

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        self.rows += len(rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                copy_sql = f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({self.columns}) FROM STDIN"
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row(self._values(row))
        else:
            with transaction.atomic():
                self.model.objects.bulk_create([self.model(**row) for row in rows], batch_size=500)

    def finish(self) -> None:
        if connection.vendor != "postgresql":
            return
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT max(id) FROM {table}), 1))", [table]
            )


def _source_ids() -> tuple[list[int], list[str], list[int]]:
    sources = list(Source.objects.order_by("id"))
    wires = [i for i, s in enumerate(sources) if s.kind == "wire"]
    return [s.pk for s in sources], [s.name for s in sources], wires


def generate(scale: Scale, log=print) -> dict:
    """Fill the database with the dataset of `scale`; return timings."""
    _check_empty_or_bench()
    names, users = _users()
    analysts = users[1:]
    source_ids, source_names, wires = _source_ids()
    corpus = Corpus(scale, source_names, wires)
    started = time.perf_counter()
    _wipe()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Session settings only: a bigger GIN pending list makes the full-text index
            # take bulk rows faster; the data is regenerated anyway if the machine dies.
            cursor.execute("SET gin_pending_list_limit = '64MB'")
            cursor.execute("SET synchronous_commit = off")
    epoch = corpus.epoch
    actor_loader, proposition_loader = _Loader(Actor), _Loader(Proposition)
    actor_loader.write(
        [
            {
                "id": i + 1,
                "name": a.name,
                "kind": a.kind,
                "role": a.role,
                "affiliation": a.affiliation,
                "country": a.country,
                "aliases": list(a.aliases),
                "merged_into_id": None,
                "created_at": epoch,
                "updated_at": epoch,
            }
            for i, a in enumerate(corpus.actors)
        ]
    )
    proposition_loader.write(
        [
            {
                "id": i + 1,
                "text": p.text,
                "topics": list(p.topics),
                "merged_into_id": None,
                "created_at": epoch,
                "updated_at": epoch,
            }
            for i, p in enumerate(corpus.propositions)
        ]
    )
    actor_loader.finish()
    proposition_loader.finish()
    articles, statements = _Loader(Article), _Loader(Statement)
    article_rows: list[dict] = []
    statement_rows: list[dict] = []
    timings = {"articles_s": 0.0, "statements_s": 0.0}

    def flush():
        t = time.perf_counter()
        articles.write(article_rows)
        timings["articles_s"] += time.perf_counter() - t
        t = time.perf_counter()
        statements.write(statement_rows)
        timings["statements_s"] += time.perf_counter() - t
        article_rows.clear()
        statement_rows.clear()

    for index, first, doc in corpus.documents():
        article_id = index + 1
        created_by = analysts[index % len(analysts)]
        created = doc.published_at + timedelta(hours=1)
        article_rows.append(
            {
                "id": article_id,
                "source_id": source_ids[doc.source],
                "title": doc.title,
                "url": f"{BENCH_URL}{article_id}",
                "published_at": doc.published_at,
                "body": doc.body,
                "raw": doc.raw,
                "caption": "",
                "cleaning_report": [],
                "content_hash": content_hash(doc.body),
                "language": "en",
                "status": "in_progress" if doc.spans else "new",
                "created_by_id": created_by.pk,
                "created_at": created,
                "updated_at": created,
            }
        )
        for k, span in enumerate(doc.spans):
            number = first + k
            stamp = created + timedelta(minutes=k)
            manual = span.origin == "manual"
            # A fifth of the pending suggestions name no actor yet: the suggester could not resolve one.
            speaker = None if span.review_status == "pending" and number % 5 == 0 else span.speaker + 1
            statement_rows.append(
                {
                    "id": number + 1,
                    "article_id": article_id,
                    "start": span.start,
                    "end": span.end,
                    "quote": doc.body[span.start : span.end],
                    "speaker_id": speaker,
                    "speaker_text": span.speaker_text,
                    "speaker_start": span.speaker_start,
                    "speaker_end": span.speaker_end,
                    "stance": span.stance,
                    "proposition_id": span.proposition + 1,
                    "via_id": source_ids[span.via] if span.via is not None else None,
                    "cue": span.cue,
                    "cue_start": span.cue_start,
                    "cue_end": span.cue_end,
                    "direct": span.direct,
                    "responds_to_id": first + span.responds_to + 1 if span.responds_to is not None else None,
                    "origin": span.origin,
                    "review_status": span.review_status,
                    "note": "",
                    "annotator_id": analysts[number % len(analysts)].pk if manual else None,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "version": 1,
                }
            )
        if len(article_rows) >= BATCH:
            flush()
            if index + 1 < scale.articles and (index + 1) % (BATCH * 10) == 0:
                log(f"  generated {index + 1:,} articles, {first + len(doc.spans):,} statements")
    flush()
    articles.finish()
    statements.finish()
    load_s = time.perf_counter() - started
    t = time.perf_counter()
    _analyze()
    return {
        "articles": articles.rows,
        "statements": statements.rows,
        "actors": actor_loader.rows,
        "propositions": proposition_loader.rows,
        "load_s": round(load_s, 2),
        "articles_copy_s": round(timings["articles_s"], 2),
        "statements_copy_s": round(timings["statements_s"], 2),
        "analyze_s": round(time.perf_counter() - t, 2),
        "statements_per_s": round(statements.rows / timings["statements_s"]) if timings["statements_s"] else None,
        "method": "COPY" if connection.vendor == "postgresql" else "bulk_create",
    }


def _analyze() -> None:
    """Fresh statistics and visibility map, as autovacuum would leave a settled archive."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM cannot run inside a transaction (a test's); ANALYZE alone can.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            for model in (Article, Statement, Actor, Proposition):
                cursor.execute(f"{command} {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")


def dataset() -> Dataset:
    """Describe the loaded dataset (generated now or by an earlier run)."""
    from django.db.models import Count

    reader = Article.objects.filter(url__startswith=BENCH_URL).order_by("id").first()
    if reader is None:
        raise NotABenchDatabase("No benchmark dataset here: run without --skip-generate first.")
    hot = Proposition.objects.order_by("id").first()
    speaker = Actor.objects.order_by("id").first()
    names, _users_ = _users()
    return Dataset(
        articles=Article.objects.count(),
        statements=Statement.objects.count(),
        reader_article=reader.pk,
        reader_statements=Statement.objects.filter(article=reader).count(),
        hot_proposition=hot.pk,
        hot_statements=Statement.objects.filter(proposition=hot).aggregate(n=Count("id"))["n"],
        top_speaker=speaker.pk,
        reviewer=names["reviewer"],
        analysts=names["analysts"],
    )
