"""Backup and restore of everything analysts made: users and their roles, sources,
articles, actors, propositions, statements, API tokens, and the full history of each
(not background jobs, nor export files).

A backup is Django's JSON Lines serialisation (gzip when the file name ends in .gz) of
every table as of ONE moment, however busy the app is: it is read inside a single
transaction (PostgreSQL: SERIALIZABLE READ ONLY DEFERRABLE, a snapshot that never waits
on writers nor fails; SQLite: one deferred read transaction, which in WAL mode lets
writers go on). Beside it, FILE.manifest.json holds the row counts of that snapshot and
the file's SHA-256. `backup_verify` reads the file back and checks that it is whole (the
hash), that its counts are the snapshot's, that every reference it holds (a statement's
article, speaker, proposition...) is in it, and that every article, actor, proposition
and statement has its history: what `backup` prints are the file's counts, after that
check, never the database's at some later moment.

A restore checks the file the same way first, then replaces the contents of those tables
in one transaction (it either lands whole or leaves the database as it was) while the app
answers 503 with Retry-After (`annotator.maintenance`) instead of waiting on its locks."""

import gzip
import hashlib
import json
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from annotator import maintenance

BACKED_UP = ["auth.group", "auth.user", "annotator"]
# Background jobs are not analysts' work but the machinery's: their inputs are in the
# articles they imported, their export files are not in the backup at all. A restore
# empties the job list (the jobs named the replaced users and articles).
# The statement tallies (models/tallies.py, models/project_tallies.py) are the database's own sums of the statements:
# the restore empties them with the other tables and the triggers rebuild them as the
# statements load (a copy in the file would count every statement twice); so is the
# count of articles each two projects share, rebuilt as the project links load.
NOT_BACKED_UP = [
    "annotator.Job",
    "annotator.ArticleTally",
    "annotator.ActorTally",
    "annotator.PropositionTally",
    "annotator.PairTally",
    "annotator.ProjectActorTally",
    "annotator.ProjectPropositionTally",
    "annotator.ProjectPairTally",
    "annotator.ProjectOverlap",
]
MANIFEST_SUFFIX = ".manifest.json"
# Problems of one kind listed in a report; the rest are counted.
SHOWN = 10


class BackupInvalid(Exception):
    """The backup file is incomplete or inconsistent: it must not be restored."""

    def __init__(self, verification: "Verification"):
        self.verification = verification
        super().__init__("; ".join(verification.errors[:SHOWN]) or "invalid backup")


def backed_up_models() -> list:
    models_ = [apps.get_model("auth", "Group"), apps.get_model("auth", "User")]
    models_ += [
        model for model in apps.get_app_config("annotator").get_models() if model._meta.label not in NOT_BACKED_UP
    ]
    return models_


def _tables() -> list[str]:
    tables = [apps.get_model(label)._meta.db_table for label in NOT_BACKED_UP]
    for model in backed_up_models():
        tables.append(model._meta.db_table)
        for m2m in model._meta.local_many_to_many:
            if m2m.remote_field.through._meta.auto_created:
                tables.append(m2m.remote_field.through._meta.db_table)
    return tables


def manifest_path(path: str | Path) -> Path:
    return Path(f"{path}{MANIFEST_SUFFIX}")


# Writing -------------------------------------------------------------------------------------


@contextmanager
def snapshot():
    """One read transaction over every table: what it reads is one moment of the database."""
    if connection.in_atomic_block:
        raise RuntimeError("A backup takes its own snapshot: it cannot run inside another transaction.")
    if connection.vendor == "sqlite":
        # The settings make transactions IMMEDIATE (a write lock from the start): a read
        # needs none, and taking one would stop every writer for the whole backup.
        connection.ensure_connection()
        mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE")
        yield


def backup_counts() -> dict[str, int]:
    """Rows per backed-up model (their history models among them: they are the app's)."""
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


def backup_write(path: str | Path) -> "Verification":
    """Write the backup and its manifest, then verify the file; returns the verification
    (whose counts are the file's). BackupInvalid if the file does not verify."""
    path = str(path)
    if not path.endswith((".jsonl", ".jsonl.gz")):
        raise ValueError("A backup file name ends in .jsonl or .jsonl.gz")
    with snapshot():
        counts = backup_counts()
        taken_at = timezone.now()
        call_command(
            "dumpdata",
            *BACKED_UP,
            exclude=NOT_BACKED_UP,
            format="jsonl",
            natural_foreign=True,
            output=path,
            verbosity=0,
        )
    manifest = {
        "taken_at": taken_at.isoformat(),
        "database": connection.vendor,
        "counts": counts,
        "sha256": _sha256(path),
    }
    manifest_path(path).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    verification = backup_verify(path)
    if not verification.ok:
        raise BackupInvalid(verification)
    return verification


def _sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# Verifying -----------------------------------------------------------------------------------


@dataclass
class Verification:
    path: str
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    manifest: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _history_model(model):
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None) if manager is not None else None


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.name.endswith(".gz") else open(path, encoding="utf-8")


class _Keys:
    """The keys of the rows a file holds, by model: primary keys, and natural keys for
    the models referred to by them (users, groups)."""

    def __init__(self):
        self.pks: dict[str, set] = defaultdict(set)
        self.natural: dict[str, set] = defaultdict(set)

    def add(self, model, record: dict) -> None:
        label = model._meta.label_lower
        self.pks[label].add(record.get("pk"))
        if hasattr(model, "natural_key"):
            plain = {
                f.attname: record["fields"][f.name]
                for f in model._meta.concrete_fields
                if not f.is_relation and f.name in record["fields"]
            }
            self.natural[label].add(tuple(model(**plain).natural_key()))

    def has(self, label: str, value) -> bool:
        if isinstance(value, list):
            return tuple(value) in self.natural[label]
        return value in self.pks[label]


def backup_verify(path: str | Path) -> Verification:
    """Read the backup back and check it: whole (its manifest's hash), the snapshot's
    counts, every reference inside it satisfied, every tracked row with its history."""
    path = Path(path)
    result = Verification(path=str(path))
    if not path.exists():
        result.errors.append(f"No such backup file: {path}")
        return result
    known = {model._meta.label_lower: model for model in backed_up_models()}
    # history label -> the label of the model it tracks
    tracked = {
        history._meta.label_lower: model._meta.label_lower
        for model in backed_up_models()
        if (history := _history_model(model)) is not None
    }
    assert set(tracked) <= set(known), "history models are backed up with their app"

    counts: Counter = Counter()
    keys = _Keys()
    with_history: dict[str, set] = defaultdict(set)
    references = []  # (label, pk, field name, target label, value), checked once all is read
    try:
        with _open(path) as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                label = record["model"]
                model = known.get(label)
                if model is None:
                    result.errors.append(f"Line {number}: {label} is not something a backup holds.")
                    continue
                counts[label] += 1
                keys.add(model, record)
                if label in tracked:
                    with_history[tracked[label]].add(record["fields"]["id"])
                    continue  # history keeps ids of rows deleted since: not references
                for fk in model._meta.concrete_fields:
                    if not isinstance(fk, models.ForeignKey):
                        continue
                    target = fk.remote_field.model._meta.label_lower
                    value = record["fields"].get(fk.name)
                    if value is not None and target in known:
                        references.append((label, record.get("pk"), fk.name, target, value))
    except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
        result.errors.append(f"The file cannot be read whole: {type(error).__name__}: {error}")
        return result
    result.counts = {label: counts.get(label, 0) for label in sorted(known)}

    broken = Counter()
    for label, pk, name, target, value in references:
        if not keys.has(target, value):
            broken[(label, name, target)] += 1
            if broken[(label, name, target)] <= SHOWN:
                result.errors.append(f"{label} {pk}: its {name} ({target} {value}) is not in the backup.")
    for (label, name, _target), count in broken.items():
        if count > SHOWN:
            result.errors.append(f"… {count} rows of {label} in all whose {name} is not in the backup.")
    for label in tracked.values():
        missing = keys.pks[label] - with_history[label]
        if missing:
            shown = ", ".join(map(str, sorted(missing)[:SHOWN]))
            result.errors.append(f"{len(missing)} rows of {label} have no history in the backup (ids {shown}).")

    manifest_file = manifest_path(path)
    if manifest_file.exists():
        result.manifest = json.loads(manifest_file.read_text())
        if result.manifest.get("sha256") != _sha256(path):
            result.errors.append("The file is not the one the backup wrote (its SHA-256 differs from the manifest's).")
        for label, expected in sorted(result.manifest.get("counts", {}).items()):
            if result.counts.get(label, 0) != expected:
                result.errors.append(
                    f"{label}: {result.counts.get(label, 0)} rows in the file, {expected} in the snapshot."
                )
    else:
        result.errors.append(f"No manifest ({manifest_file.name}): the counts cannot be checked.")
    return result


# Restoring -----------------------------------------------------------------------------------


def backup_restore(path: str | Path, *, verify: bool = True) -> dict[str, int]:
    """Replace the backed-up tables with the file's contents; returns the row counts.
    The file is verified first (BackupInvalid: nothing changed), and the counts after
    loading must be the file's, or the whole restore is rolled back. Meanwhile the app
    is in maintenance (503 with Retry-After)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No such backup file: {path}")
    expected = None
    if verify:
        verification = backup_verify(path)
        if not verification.ok:
            raise BackupInvalid(verification)
        expected = verification.counts
    with maintenance.on(reason=f"Restoring a backup ({path.name})"):
        with transaction.atomic():
            statements = connection.ops.sql_flush(no_style(), _tables(), reset_sequences=False, allow_cascade=True)
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
            call_command("loaddata", str(path), verbosity=0)
            counts = backup_counts()
            if expected is not None and counts != expected:
                differ = [
                    f"{label}: {counts.get(label)} loaded, {n} in the file"
                    for label, n in expected.items()
                    if counts.get(label) != n
                ]
                raise BackupInvalid(Verification(path=str(path), errors=differ))
    return counts
