"""Who speaks: pronouns and surnames resolved to the full name given earlier, roles from
appositions."""

from annotator.suggest import suggest


def by_cue_position(text):
    return sorted(suggest(text), key=lambda s: s.cue.start)


def test_surname_resolves_to_the_full_name_given_earlier():
    text = (
        "Pentagon chief spokesperson Rear Admiral John Kirby said the jets were Iranian.\n\n"
        '"Nothing has changed," Kirby told reporters.'
    )
    first, second = by_cue_position(text)
    assert (first.speaker, first.role) == ("Rear Admiral John Kirby", "Pentagon chief spokesperson")
    assert second.source.text == "Kirby"
    assert (second.speaker, second.role) == ("Rear Admiral John Kirby", "Pentagon chief spokesperson")


def test_surname_resolves_from_a_plain_mention_even_without_an_earlier_statement():
    text = "Mayor Jane Alvarez opened the bridge on Monday.\n\nAlvarez said the bridge was safe."
    (s,) = suggest(text)
    assert s.speaker == "Mayor Jane Alvarez"


def test_pronoun_resolves_to_the_last_named_speaker():
    text = (
        "Kirby said the jets were Iranian. "
        "Brigadier-General Massoud Jazayeri denied any collaboration. "
        "Iran had no part in it, he said."
    )
    he = by_cue_position(text)[-1]
    assert he.source.text == "he"
    assert he.speaker == "Brigadier-General Massoud Jazayeri"


def test_unresolvable_pronoun_leaves_the_speaker_open():
    (s,) = suggest("They said the plan would fail.")
    assert s.source.text == "They" and s.speaker is None and not s.new_actor


def test_role_from_an_apposition_before_the_name():
    (s,) = suggest(
        "In Tehran, the deputy chief of staff of Iran's armed forces, Brigadier-General Massoud Jazayeri "
        "also denied any collaboration."
    )
    assert (s.speaker, s.role) == ("Brigadier-General Massoud Jazayeri", "deputy chief of staff of Iran's armed forces")


def test_role_from_an_apposition_after_the_name():
    (s,) = suggest("Samantha Phillips, the city's emergency director, said the heat would last.")
    assert s.source.text == "Samantha Phillips, the city's emergency director,"
    assert (s.speaker, s.role) == ("Samantha Phillips", "city's emergency director")


def test_an_organisation_speaks_under_its_own_name():
    (s,) = suggest("The State Department said the embassy would stay open.")
    assert (s.speaker, s.speaker_kind) == ("The State Department", "organisation")
