"""Load the demo: the seed page, cleaned, with its complete hand annotation.

Idempotent: running it again changes nothing. The annotation is written as
quotes (located in the cleaned body), not as offsets, so it stays right if the
cleaner's whitespace handling improves."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annotator.models import Actor, ActorKind, Article, Proposition, Source, Stance
from annotator.roles import Role
from annotator.services.articles import article_import
from annotator.services.statements import statement_create

SEED = "000_bb35ff37cb9fb905.txt"
DEMO_USER = "demo"
DEMO_PASSWORD = "demo-password"
TITLE = "Iran denies airstrikes against Islamic State targets in Iraq"

ACTORS = {
    "kirby": dict(
        name="Rear Admiral John Kirby",
        kind=ActorKind.PERSON,
        role="Pentagon chief spokesperson",
        affiliation="U.S. Department of Defense",
        country="United States",
        aliases=["John Kirby", "Kirby"],
    ),
    "official": dict(
        name="Senior Iranian official",
        kind=ActorKind.ANONYMOUS,
        role="speaking on condition of anonymity",
        affiliation="Government of Iran",
        country="Iran",
        aliases=["a senior Iranian official"],
    ),
    "officials": dict(
        name="Iranian officials",
        kind=ActorKind.GOVERNMENT,
        affiliation="Government of Iran",
        country="Iran",
    ),
    "jazayeri": dict(
        name="Brigadier-General Massoud Jazayeri",
        kind=ActorKind.PERSON,
        role="Deputy chief of staff of Iran's armed forces",
        affiliation="Armed Forces of Iran",
        country="Iran",
        aliases=["Massoud Jazayeri", "Jazayeri"],
    ),
    "reports": dict(name="News reports", kind=ActorKind.ANONYMOUS, role="unnamed news reports"),
    "us_iran_officials": dict(
        name="US and Iranian officials",
        kind=ActorKind.ANONYMOUS,
        role="officials of both governments",
    ),
}

PROPOSITIONS = {
    "jets": ("Iranian jets struck Islamic State targets in Iraq.", ["Iran", "Iraq", "Islamic State", "airstrikes"]),
    "coordination": ("The US and Iran coordinate military strikes in Iraq.", ["Iran", "United States", "Iraq"]),
    "us_unrest": ("The US is responsible for Iraq's unrest and problems.", ["Iran", "United States", "Iraq"]),
    "us_future": ("The US has a place in the future of Iraq.", ["United States", "Iraq"]),
    "talks": ("The US and Iran have discussed the war in Iraq.", ["Iran", "United States", "diplomacy"]),
}


@dataclass
class Mark:
    key: str
    text: str  # located in the cleaned body
    speaker: str
    stance: str
    proposition: str
    cue: str = ""
    direct: bool = False
    via: str | None = None
    responds_to: str | None = None
    occurrence: int = 0
    note: str = ""
    extra: dict = field(default_factory=dict)


MARKS = [
    Mark(
        "kirby_indications",
        'there were "indications" the Iranians "have flown these missions in recent days in eastern Iraq."',
        "kirby",
        Stance.CLAIM,
        "jets",
        cue="said",
    ),
    Mark(
        "reports_missions",
        "Iranian fighter planes had conducted missions inside Iraq",
        "reports",
        Stance.CLAIM,
        "jets",
        cue="reporting indicating",
    ),
    Mark(
        "officials_denied",
        "its military has been involved in airstrikes against Islamic State targets inside Iraq",
        "officials",
        Stance.DENIAL,
        "jets",
        cue="denied accusations",
        responds_to="kirby_indications",
    ),
    Mark(
        "official_never",
        "Iran has never been involved in any air strikes against the Daesh (Islamic State) targets in Iraq.",
        "official",
        Stance.DENIAL,
        "jets",
        cue="told Reuters",
        direct=True,
        via="Reuters",
        responds_to="kirby_indications",
    ),
    Mark(
        "official_cooperation",
        "Any cooperation in such strikes with America is also out of question for Iran,",
        "official",
        Stance.DENIAL,
        "coordination",
        cue="told Reuters",
        direct=True,
        via="Reuters",
    ),
    Mark(
        "kirby_without_coordination",
        "if such bombings have taken place, they were done so without coordination from U.S. forces.",
        "kirby",
        Stance.DENIAL,
        "coordination",
        cue="tried to make it clear",
    ),
    Mark(
        "kirby_nothing_changed",
        "Nothing has changed about our policy of not coordinating military activity with the Iranians,",
        "kirby",
        Stance.DENIAL,
        "coordination",
        cue="told reporters",
        direct=True,
    ),
    Mark(
        "jazayeri_collaboration",
        "denied any collaboration",
        "jazayeri",
        Stance.DENIAL,
        "coordination",
        cue="denied",
        via="The Guardian",
    ),
    Mark(
        "jazayeri_unrest",
        'Iran considered the US responsible for Iraq\'s "unrest and problems"',
        "jazayeri",
        Stance.CLAIM,
        "us_unrest",
        cue="he said",
        via="The Guardian",
    ),
    Mark(
        "jazayeri_future",
        'the US would "definitely not have a place in the future of that country"',
        "jazayeri",
        Stance.DENIAL,
        "us_future",
        cue="adding",
        via="The Guardian",
    ),
    Mark(
        "reports_phantoms",
        "American-made F4 Phantom jets from the Iranian air force had been targeting Isis positions in Diyala",
        "reports",
        Stance.CLAIM,
        "jets",
        cue="reports",
        via="The Guardian",
    ),
    Mark(
        "reports_su25",
        "Iran sent three Su-25 fighter jets to Iraq designed for close support of ground troops and that "
        "Iranian pilots flew Iraqi aircraft on combat missions",
        "reports",
        Stance.CLAIM,
        "jets",
        cue="It had earlier been reported",
        via="The Guardian",
    ),
    Mark(
        "officials_discussed",
        "the two sides have discussed the war in Iraq on the margins of the nuclear talks",
        "us_iran_officials",
        Stance.CLAIM,
        "talks",
        cue="acknowledge",
        via="Al Jazeera",
    ),
]


def seed_path() -> Path:
    # The page ships with the project so that `make run` works from a fresh clone.
    candidates = [settings.BASE_DIR / "annotator" / "data" / "demo" / SEED]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise CommandError(f"The seed page {SEED} was not found in: {', '.join(map(str, candidates))}")


def _locate(body: str, mark: Mark) -> int:
    position = -1
    for _ in range(mark.occurrence + 1):
        position = body.find(mark.text, position + 1)
        if position < 0:
            raise CommandError(f"Demo quote not found in the cleaned seed: {mark.text!r}")
    return position


class Command(BaseCommand):
    help = "Load the demo article (the seed page, cleaned and annotated) and the demo login. Idempotent."

    def handle(self, *args, **options):
        user = self._demo_user()
        raw = seed_path().read_text(encoding="utf-8")
        with transaction.atomic():
            outcome = article_import(
                raw=raw,
                fmt="text",
                title=TITLE,
                source="Common Dreams",
                published_at=datetime.datetime(2014, 12, 3, tzinfo=datetime.UTC),
                user=user,
                suggest=False,
            )
            article = outcome.article
            if article.statements.filter(origin="manual").exists():
                self.stdout.write(f"Demo already loaded: article {article.pk}.")
                return
            self._annotate(article, user)
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: article {article.pk} with {len(MARKS)} statements."))
        self.stdout.write(f"Demo login: {DEMO_USER} / {DEMO_PASSWORD}")

    def _demo_user(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=DEMO_USER, defaults={"first_name": "Demo"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=Role.REVIEWER))
        return user

    def _annotate(self, article: Article, user) -> None:
        actors = {}
        for key, fields in ACTORS.items():
            fields = dict(fields)
            actor = Actor.objects.filter(name=fields["name"]).first()
            if actor is None:
                actor = Actor(**fields)
                actor.full_clean()
                actor._history_user = user
                actor.save()
            actors[key] = actor
        propositions = {}
        for key, (text, topics) in PROPOSITIONS.items():
            proposition = Proposition.objects.filter(text__iexact=text, merged_into__isnull=True).first()
            if proposition is None:
                proposition = Proposition(text=text, topics=topics)
                proposition.full_clean()
                proposition._history_user = user
                proposition.save()
            propositions[key] = proposition
        created = {}
        for mark in MARKS:
            start = _locate(article.body, mark)
            created[mark.key] = statement_create(
                article=article,
                start=start,
                end=start + len(mark.text),
                stance=mark.stance,
                speaker=actors[mark.speaker],
                proposition=propositions[mark.proposition],
                via=Source.objects.get(name=mark.via) if mark.via else None,
                cue=mark.cue,
                direct=mark.direct,
                responds_to=created.get(mark.responds_to) if mark.responds_to else None,
                note=mark.note,
                annotator=user,
            )
