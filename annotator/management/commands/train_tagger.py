"""Train the source/cue/content tagger on PolNeAR-format attributions and write its
weights (by default over the shipped annotator/suggest/tagger/model.crfsuite).

Deterministic: the same file with the same parameters gives the same weights file,
byte for byte (its SHA-256 is printed). Train on PolNeAR *train*; tune on dev with
`evaluate_suggester --tagger`; never train or tune on test."""

import hashlib
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annotator.suggest import tagger
from annotator.suggest.tagger import train

DEFAULT = Path(__file__).resolve().parents[3].parent / "shared" / "polnear" / "polnear_train.jsonl"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT), help=f"training data (default: {DEFAULT})")
        parser.add_argument("--output", default=str(tagger.MODEL), help="where to write the weights")
        parser.add_argument("--iterations", type=int, help="L-BFGS iterations (default: train.PARAMS)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        records = []
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if not isinstance(record.get("text"), str) or not isinstance(record.get("attributions"), list):
                        raise ValueError('needs "text" and "attributions"')
                except (ValueError, AttributeError) as error:
                    raise CommandError(f"{path}, line {number}: not a PolNeAR attribution record ({error})") from error
                records.append(record)
        if not records:
            raise CommandError(f"{path}: no articles in it.")
        params = {}
        if options["iterations"] is not None:
            if options["iterations"] < 1:
                raise CommandError("--iterations must be 1 or more.")
            params["max_iterations"] = options["iterations"]
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed: a failed run never leaves half a model.
        partial = output.with_name(output.name + ".partial")
        started = time.perf_counter()
        try:
            count = train.train(records, partial, params)
        except ValueError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{path}: {error}") from error
        partial.replace(output)
        digest = hashlib.sha256(output.read_bytes()).hexdigest()
        self.stdout.write(
            f"Trained on {count} articles of {path.name} in {time.perf_counter() - started:.0f} s: "
            f"{output} ({output.stat().st_size / 1e6:.2f} MB, sha256 {digest})"
        )
