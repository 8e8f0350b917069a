"""A short soak: analysts create, edit and delete statements over the REST API of a live
server while a viewer exports CSV; afterwards the database holds exactly what the
acknowledged writes say, and nothing answered 5xx. (`make bench` runs the long one.)"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from annotator.models import Statement
from annotator.roles import Role
from annotator.services.tokens import token_create
from bench.corpus import Scale
from bench.generate import generate
from bench.soak import DELETED, Ledger, Writer, differences, expected_states, run, snapshot


def _writer(make_user, role: Role) -> Writer:
    return Writer(token_create(user=make_user(role), name="soak")[1], reviewer=role == Role.REVIEWER)


@pytest.mark.postgres
@pytest.mark.slow
def test_concurrent_writers_and_exporters_leave_exactly_the_acknowledged_statements(live_server, make_user):
    generate(Scale(articles=30, statements=120, reader=10), log=lambda *a: None)
    writers = [_writer(make_user, role) for role in (Role.ANALYST, Role.ANALYST, Role.REVIEWER, Role.REVIEWER)]
    export_token = token_create(user=make_user(Role.VIEWER), name="soak")[1]
    initial = snapshot()
    ledger = run(
        urlsplit(live_server.url).port,
        writers=writers,
        exporters=1,
        spots=list(Statement.objects.values_list("article_id", "start", "end", "speaker_id").distinct()),
        pool=list(initial),
        seconds=6,
        writes=160,
        statements_path=reverse("api:statement-list"),
        export_path=reverse("export_statements_csv"),
        export_token=export_token,
        host=urlsplit(live_server.url).hostname,
    )
    assert ledger.failures == []
    assert ledger.created and ledger.exports > 0
    assert any(status.endswith(" 204") for status in ledger.statuses)
    assert differences(ledger, initial) == []


def test_the_highest_acknowledged_version_wins_and_a_delete_is_final():
    ledger = Ledger()
    ledger.acknowledged += [
        (1, 3, {"note": "third"}),
        (1, 2, {"note": "second"}),  # acknowledged later, but an older version
        (2, 2, {"note": "edited"}),
        (2, DELETED, None),
    ]
    assert expected_states(ledger) == {1: {"note": "third"}, 2: DELETED}


@pytest.mark.django_db
def test_a_statement_changed_behind_the_ledgers_back_is_reported(make_user):
    generate(Scale(articles=3, statements=6, reader=2), log=lambda *a: None)
    initial = snapshot()
    Statement.objects.filter(pk=min(initial)).update(note="silently changed")
    Statement.objects.filter(pk=max(initial)).delete()
    problems = differences(Ledger(), initial)
    assert len(problems) == 2
    assert "no acknowledged delete" in problems[1] or "no acknowledged delete" in problems[0]


def test_the_fault_run_tells_errors_inside_a_fault_window_from_the_others(monkeypatch):
    from bench import soak_faults

    clock = [100.0]
    monkeypatch.setattr(soak_faults.time, "monotonic", lambda: clock[0])
    faults = soak_faults.Faults()
    faults.mark("gunicorn worker killed")
    assert faults.inside(100.0) and faults.inside(100.0 + soak_faults.WINDOW)
    assert not faults.inside(99.9) and not faults.inside(100.1 + soak_faults.WINDOW)
    assert [name for name, _start, _end in faults.windows] == ["gunicorn worker killed"]


@pytest.mark.django_db
def test_statements_of_other_articles_do_not_count_against_the_writers():
    # The fault run's import gets suggestions meanwhile: not the writers' doing.
    generate(Scale(articles=3, statements=6, reader=2), log=lambda *a: None)
    initial = snapshot()
    written = {state["article"] for state in initial.values()}
    Statement.objects.filter(pk=max(initial)).update(note="changed elsewhere")
    watched = written - {Statement.objects.get(pk=max(initial)).article_id}
    assert differences(Ledger(), initial, articles=watched) == []
    assert len(differences(Ledger(), initial)) == 1


def test_the_fault_run_refuses_anything_but_postgresql(monkeypatch):
    from bench import soak_faults

    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.sqlite3")
    with pytest.raises(SystemExit, match="PostgreSQL"):
        soak_faults.prepare_environment()
