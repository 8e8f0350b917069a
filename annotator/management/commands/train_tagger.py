"""Train the source/cue/content tagger on PolNeAR-format attributions and write its
weights (by default over the shipped annotator/suggest/tagger/model.crfsuite).

Deterministic: the same file with the same parameters gives the same weights file,
word-class file (model.clusters.tsv beside it) and edge-weights file of the second stage
(model.extent.tsv, trained on each half of the data labelled by a tagger trained on the
other half), byte for byte (the SHA-256 of the three is printed). Train on PolNeAR *train*; tune on dev with
`evaluate_suggester --tagger`; never train or tune on test."""

import hashlib
import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from annotator.suggest import tagger
from annotator.suggest.tagger import clusters, extent, train
from annotator.suggest.tagger.lm import Embeddings, LanguageModelError

DEFAULT = Path(__file__).resolve().parents[3].parent / "shared" / "polnear" / "polnear_train.jsonl"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT), help=f"training data (default: {DEFAULT})")
        parser.add_argument("--output", default=str(tagger.MODEL), help="where to write the weights")
        parser.add_argument("--iterations", type=int, help="L-BFGS iterations (default: train.PARAMS)")
        parser.add_argument("--c1", type=float, help="L1 penalty: larger prunes more features (default: train.PARAMS)")
        parser.add_argument("--c2", type=float, help="L2 penalty (default: train.PARAMS)")
        parser.add_argument(
            "--lm-dir",
            default=settings.ANNOTATOR_SUGGEST_LM_DIR or None,
            help="a local language-model directory whose embeddings are features too (annotator/suggest/tagger/lm.py; "
            "default: the ANNOTATOR_SUGGEST_LM_DIR setting); run the tagger with the same directory",
        )

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
        for penalty in ("c1", "c2"):
            if options[penalty] is not None:
                if options[penalty] < 0:
                    raise CommandError(f"--{penalty} must be 0 or more.")
                params[penalty] = options[penalty]
        lm = None
        if options["lm_dir"]:
            try:
                lm = Embeddings.load(options["lm_dir"])
            except LanguageModelError as error:
                raise CommandError(str(error)) from error
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the targets and renamed: a failed run never leaves half a model,
        # nor weights beside the word classes of another run.
        classes, edges = clusters.path_for(output), extent.path_for(output)
        partial = output.with_name(output.name + ".partial")
        partial_classes = classes.with_name(classes.name + ".partial")
        partial_edges = edges.with_name(edges.name + ".partial")
        started = time.perf_counter()
        try:
            count = train.train(
                records, partial, params, lm=lm, classes_path=partial_classes, extent_path=partial_edges
            )
        except ValueError as error:
            for written in (partial, partial_classes, partial_edges):
                written.unlink(missing_ok=True)
            raise CommandError(f"{path}: {error}") from error
        partial_classes.replace(classes)
        partial_edges.replace(edges)
        partial.replace(output)
        digest = hashlib.sha256(output.read_bytes() + classes.read_bytes() + edges.read_bytes()).hexdigest()
        with_lm = f" with the embeddings of {options['lm_dir']}" if lm is not None else ""
        self.stdout.write(
            f"Trained on {count} articles of {path.name}{with_lm} in {time.perf_counter() - started:.0f} s: "
            f"{output}, {classes.name} and {edges.name} "
            f"({sum(p.stat().st_size for p in (output, classes, edges)) / 1e6:.2f} MB, sha256 of the three {digest})"
        )
