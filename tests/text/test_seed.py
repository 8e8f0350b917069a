"""The page that started the project: every kind of junk at once, and the body three times."""

from annotator.text import clean_text, decode_bytes

from .seed import SEED_CAPTION, SEED_PARAGRAPHS, seed_bytes


def cleaned_seed():
    return clean_text(decode_bytes(seed_bytes()))


def test_seed_body_is_its_twelve_paragraphs_each_once_in_order():
    assert cleaned_seed().body.split("\n\n") == SEED_PARAGRAPHS


def test_seed_lead_ins_naming_the_relaying_outlet_stay_in_the_body():
    paragraphs = cleaned_seed().paragraphs
    assert "The Guardian reports:" in paragraphs
    assert "Al-Jazeera adds:" in paragraphs


def test_seed_photo_caption_is_kept_apart_from_the_body():
    result = cleaned_seed()
    assert result.caption == SEED_CAPTION
    assert "Phantom jets take part" not in result.body


def test_seed_appeals_stray_lines_and_mojibake_are_dropped_with_reasons():
    result = cleaned_seed()
    reasons = {(item.text, item.reason) for item in result.dropped}
    assert ("SUBSCRIBE TO OUR FREE NEWSLETTER", "newsletter/donation appeal") in reasons
    assert ("5", "lone number or symbol") in reasons
    assert ("#000000", "colour code") in reasons
    assert ("#FFFFFF", "colour code") in reasons
    assert ("Â", "mojibake residue") in reasons
    donation = [item for item in result.dropped if item.text.startswith("Donald Trump")]
    assert len(donation) == 1 and donation[0].reason == "newsletter/donation appeal"
    assert donation[0].text.endswith("Thank you for being part of this community. |")
    for junk in ("SUBSCRIBE", "inbox", "donate", "Thank you for being part", "#000000", "Â"):
        assert junk not in result.body


def test_seed_repeats_are_reported_as_repeated_paragraphs():
    repeated = [item.text for item in cleaned_seed().dropped if item.reason == "repeated paragraph"]
    assert len(repeated) == 2 * len(SEED_PARAGRAPHS)
    assert repeated[: len(SEED_PARAGRAPHS)] == SEED_PARAGRAPHS


def test_seed_non_breaking_spaces_become_plain_spaces():
    assert "told Reuters" in cleaned_seed().body
    assert "\xa0" not in cleaned_seed().body


def test_cleaning_the_seed_again_changes_nothing():
    body = cleaned_seed().body
    again = clean_text(body)
    assert again.body == body
    assert again.dropped == []
