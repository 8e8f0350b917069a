"""Two analysts save the same statement at the same moment, on real connections:
exactly one wins, the other is told, and nothing is silently overwritten."""

import threading

import pytest
from django.db import connections

from annotator.models import Statement
from annotator.services.statements import StatementConflict, statement_delete, statement_update
from tests.factories import StatementFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(workers):
    """Run each callable in its own thread (own database connection), started together."""
    barrier = threading.Barrier(len(workers))
    outcomes = [None] * len(workers)

    def run(index, work):
        try:
            barrier.wait()
            outcomes[index] = work()
        except Exception as error:  # the outcome of a race is the point of the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_of_two_concurrent_edits_from_the_same_version_exactly_one_lands():
    statement = StatementFactory()
    version = statement.version
    outcomes = race(
        [
            lambda: statement_update(statement=statement.pk, version=version, note="first analyst"),
            lambda: statement_update(statement=statement.pk, version=version, note="second analyst"),
        ]
    )
    winners = [o for o in outcomes if isinstance(o, Statement)]
    losers = [o for o in outcomes if isinstance(o, StatementConflict)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.note == winners[0].note
    assert stored.version == version + 1
    assert losers[0].current.note == winners[0].note


def test_many_concurrent_editors_make_exactly_one_change_per_version():
    statement = StatementFactory()
    version = statement.version
    outcomes = race(
        [lambda i=i: statement_update(statement=statement.pk, version=version, note=f"editor {i}") for i in range(6)]
    )
    assert sum(isinstance(o, Statement) for o in outcomes) == 1
    assert sum(isinstance(o, StatementConflict) for o in outcomes) == 5
    assert Statement.history.filter(id=statement.pk).count() == 2  # created, then the one winning edit


def test_an_edit_racing_a_delete_never_resurrects_or_half_applies():
    statement = StatementFactory()
    version = statement.version
    outcomes = race(
        [
            lambda: statement_update(statement=statement.pk, version=version, note="late edit"),
            lambda: statement_delete(statement=statement.pk, version=version),
        ]
    )
    assert sum(isinstance(o, StatementConflict | Statement.DoesNotExist) for o in outcomes) == 1, outcomes
    exists = Statement.objects.filter(pk=statement.pk).exists()
    if exists:
        assert Statement.objects.get(pk=statement.pk).note == "late edit"
    else:
        assert isinstance(outcomes[1], int)
