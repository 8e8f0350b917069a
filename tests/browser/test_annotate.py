"""The reader in a real browser: select text with the mouse or the keyboard, mark it, edit,
delete and undo, refuse a stale edit, and keep offsets right for text outside the BMP."""

import pytest

from annotator.models import Actor, Article, Origin, ReviewStatus, Stance, Statement
from annotator.services.statements import statement_update
from tests.browser.helpers import settled
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StatementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMOJI_BODY = (
    "Le ministre 🇫🇷 a nié 𝒳 hier soir.\nIl a dit : « Rien 😀 n'a changé » devant la presse.\n\n"
    "Le 👨‍👩‍👧 porte-parole a affirmé que 𝒳 est faux.\n\nFin."
)

# Finds `text` (its `occurrence`-th appearance) in the article as the browser holds it
# (UTF-16), scrolls it into view and returns the viewport rectangles of its first and last
# characters. The test then drags the real mouse over them.
RECT_OF_TEXT = """([text, occurrence]) => {
  const root = document.getElementById('article-body');
  const nodes = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest('.seg') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
  });
  let all = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, all.length]); all += n.data; }
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = all.indexOf(text, at + 1);
  if (at < 0) throw new Error('not in the page: ' + text);
  const locate = (index) => {
    for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= index) return [nodes[i][0], index - nodes[i][1]];
  };
  const range = document.createRange();
  range.setStart(...locate(at));
  range.setEnd(...locate(at + text.length - 1));
  range.startContainer.parentElement.scrollIntoView({block: 'center'});
  const first = document.createRange();
  first.setStart(...locate(at)); first.setEnd(...locate(at + 1));
  const lastAt = at + text.length - (/[\\uDC00-\\uDFFF]/.test(text[text.length - 1]) ? 2 : 1);
  const last = document.createRange();
  last.setStart(...locate(lastAt)); last.setEnd(...locate(at + text.length));
  const a = first.getClientRects()[0], b = last.getClientRects()[last.getClientRects().length - 1];
  return {x1: a.left + 1, y1: a.top + a.height / 2, x2: b.right - 1, y2: b.top + b.height / 2};
}"""


def drag_select(page, text: str, occurrence: int = 0):
    box = page.evaluate(RECT_OF_TEXT, [text, occurrence])
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, box["y2"], steps=4)
    page.mouse.move(box["x2"], box["y2"], steps=4)
    page.mouse.up()


def reader(page, live_server, article):
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.wait_for_selector("#article-body")


def choose_new_speaker(page, name: str, role: str = ""):
    settled(page)  # the form's htmx attributes are live only once it has settled
    page.fill("#id_speaker_query", name)
    page.locator("#speaker-options input[value=new]").check()
    if role:
        page.fill("#id_new_speaker_role", role)


def choose_speaker(page, query: str, actor: Actor):
    settled(page)  # the form's htmx attributes are live only once it has settled
    page.fill("#id_speaker_query", query)
    page.locator(f"#speaker-options input[value='{actor.pk}']").check()


def save_form(page):
    page.locator("#statement-form button[type=submit]").click()
    page.wait_for_selector("#statement-form", state="detached")
    settled(page)


def test_analyst_marks_a_claim_by_dragging_the_mouse_and_a_denial_from_the_popover(
    logged_in_page, live_server, analyst
):
    article = ArticleFactory()
    kirby = ActorFactory(name="John Kirby", role="Pentagon spokesperson")
    page = logged_in_page(analyst)
    reader(page, live_server, article)

    drag_select(page, "there were")
    page.keyboard.press("c")
    page.wait_for_selector("#statement-form")
    settled(page)
    assert page.inner_text("#statement-form-quote") == "there were"
    choose_speaker(page, "Kirby", kirby)
    page.fill("#id_proposition_query", "Iran flew missions in Iraq.")
    page.locator("#proposition-options input[value=new]").check()
    save_form(page)

    claim = Statement.objects.get()
    assert (claim.quote, claim.stance, claim.speaker, claim.annotator) == ("there were", Stance.CLAIM, kirby, analyst)
    assert claim.start == article.body.index("there were")
    assert claim.proposition.text == "Iran flew missions in Iraq."
    # The highlight and the panel changed together, without a page load.
    assert page.locator(f"mark.st-claim[data-statement='{claim.pk}']").count() == 1
    assert page.locator(f"#statement-{claim.pk}").is_visible()

    drag_select(page, "has never been involved in any air strikes")
    page.locator("#selection-popover button[data-stance=denial]").click()
    page.wait_for_selector("#statement-form")
    settled(page)
    choose_new_speaker(page, "Senior Iranian official", role="anonymous official")
    page.select_option("#id_via", label="Reuters")
    page.fill("#id_cue", "told Reuters")
    page.locator("#statement-form input[name=direct][value='1']").check()
    page.select_option("#id_responds_to", value=str(claim.pk))
    save_form(page)

    denial = Statement.objects.exclude(pk=claim.pk).get()
    assert denial.quote == "has never been involved in any air strikes"
    assert (denial.stance, denial.via.name, denial.cue) == (Stance.DENIAL, "Reuters", "told Reuters")
    assert denial.direct is True
    assert denial.speaker.name == "Senior Iranian official" and denial.speaker.role == "anonymous official"
    assert denial.responds_to == claim
    assert page.locator(f"mark.st-denial[data-statement='{denial.pk}']").count() == 1
    assert page.locator("#statement-panel .st-item").count() == 2


def test_analyst_selects_with_the_keyboard_and_marks_a_denial_with_d(logged_in_page, live_server, analyst):
    article = ArticleFactory()
    official = ActorFactory(name="Iranian officials", role="government")
    page = logged_in_page(analyst)
    reader(page, live_server, article)

    page.focus("#article-body")
    target = "denied accusations"
    for _ in range(article.body.index(target)):
        page.keyboard.press("ArrowRight")
    for _ in range(len(target)):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("d")
    page.wait_for_selector("#statement-form")
    settled(page)
    assert page.inner_text("#statement-form-quote") == target
    assert page.locator("#statement-form input[name=stance][value=denial]").is_checked()
    # Keyboard only: type to search, Tab into the options, pick with the arrow keys, save with Enter.
    page.keyboard.type("Iranian off")
    page.wait_for_selector(f"#speaker-options input[value='{official.pk}']")
    page.locator(f"#speaker-options input[value='{official.pk}']").focus()
    page.keyboard.press("Space")
    page.locator("#id_cue").focus()
    page.keyboard.type("denied")
    page.keyboard.press("Enter")
    page.wait_for_selector("#statement-form", state="detached")

    denial = Statement.objects.get()
    assert (denial.quote, denial.stance, denial.speaker, denial.cue) == (target, Stance.DENIAL, official, "denied")


def test_text_with_emoji_and_line_breaks_round_trips_in_code_points(logged_in_page, live_server, analyst):
    article = ArticleFactory(body=EMOJI_BODY)
    page = logged_in_page(analyst)
    reader(page, live_server, article)

    for text, stance in [
        ("Rien 😀 n'a changé", "d"),
        ("a affirmé que 𝒳 est faux", "c"),
        ("Le ministre 🇫🇷 a nié 𝒳 hier soir.\nIl a dit", "d"),
    ]:
        drag_select(page, text)
        page.keyboard.press(stance)
        page.wait_for_selector("#statement-form")
        settled(page)
        assert page.inner_text("#statement-form-quote") == text
        choose_new_speaker(page, "Le ministre") if not Actor.objects.exists() else choose_speaker(
            page, "ministre", Actor.objects.get()
        )
        save_form(page)
        statement = Statement.objects.get(quote=text)
        # Python offsets: code points, not the browser's UTF-16 units.
        assert statement.start == EMOJI_BODY.index(text)
        assert EMOJI_BODY[statement.start : statement.end] == text

    # Re-rendered highlights still cover exactly those characters.
    marked = page.evaluate(
        """() => Array.from(document.querySelectorAll('#article-body mark[data-statement]'))
                 .filter(m => !m.querySelector('mark')).map(m => m.textContent).join('|')"""
    )
    assert "😀" in marked and "𝒳" in marked and "🇫🇷" in marked


def test_analyst_edits_a_statement_in_place(logged_in_page, live_server, analyst):
    statement = StatementFactory(annotator=analyst, stance=Stance.CLAIM, cue="said")
    page = logged_in_page(analyst)
    reader(page, live_server, statement.article)

    page.keyboard.press("j")
    page.keyboard.press("e")
    page.wait_for_selector("#statement-form")
    settled(page)
    page.locator("#statement-form input[name=stance][value=denial]").check()
    page.fill("#id_cue", "denied")
    page.fill("#id_note", "Checked against the wire copy.")
    save_form(page)

    statement.refresh_from_db()
    assert (statement.stance, statement.cue, statement.note, statement.version) == (
        Stance.DENIAL,
        "denied",
        "Checked against the wire copy.",
        2,
    )
    assert page.locator(f"mark.st-denial[data-statement='{statement.pk}']").count() >= 1
    assert "denied" in page.inner_text(f"#statement-{statement.pk}")


def test_delete_leaves_a_message_whose_undo_restores_the_statement(logged_in_page, live_server, analyst):
    statement = StatementFactory(annotator=analyst)
    page = logged_in_page(analyst)
    reader(page, live_server, statement.article)

    page.keyboard.press("j")
    page.keyboard.press("x")
    page.wait_for_selector(f"#statement-{statement.pk}", state="detached")
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert page.locator(f"mark[data-statement='{statement.pk}']").count() == 0
    assert "Statement deleted." in page.inner_text("#reader-notice")

    page.click("#undo-delete")
    page.wait_for_selector(f"#statement-{statement.pk}")
    restored = Statement.objects.get(pk=statement.pk)
    assert restored.quote == statement.quote
    assert page.locator(f"mark[data-statement='{statement.pk}']").count() >= 1


def test_a_stale_edit_is_refused_and_shows_the_current_version(logged_in_page, live_server, analyst, reviewer):
    statement = StatementFactory(annotator=analyst, cue="said")
    first = logged_in_page(analyst)
    second = logged_in_page(reviewer)
    for page in (first, second):
        reader(page, live_server, statement.article)
        page.click(f"#statement-{statement.pk} [data-action=edit]")
        page.wait_for_selector("#statement-form")
        settled(page)  # typing into a form htmx is still settling can be lost

    second.fill("#id_cue", "told reporters")
    save_form(second)
    first.fill("#id_cue", "insisted")
    first.locator("#statement-form button[type=submit]").click()

    first.wait_for_selector("#statement-form .conflict")
    assert "Nothing was overwritten" in first.inner_text("#statement-form .form-errors")
    assert "told reporters" in first.inner_text("#statement-form .conflict")
    statement.refresh_from_db()
    assert statement.cue == "told reporters"
    # The analyst's own input is kept, ready to be saved over the current version on purpose.
    assert first.input_value("#id_cue") == "insisted"


def test_a_save_after_a_service_level_edit_is_refused(logged_in_page, live_server, analyst):
    statement = StatementFactory(annotator=analyst, note="")
    page = logged_in_page(analyst)
    reader(page, live_server, statement.article)
    page.click(f"#statement-{statement.pk} [data-action=edit]")
    page.wait_for_selector("#statement-form")
    settled(page)

    statement_update(statement=statement, version=statement.version, note="edited through the API")
    page.fill("#id_note", "mine")
    page.locator("#statement-form button[type=submit]").click()
    page.wait_for_selector("#statement-form .conflict")
    statement.refresh_from_db()
    assert statement.note == "edited through the API"


def test_viewer_sees_no_annotation_controls_and_c_does_nothing(logged_in_page, live_server, viewer):
    statement = StatementFactory()
    page = logged_in_page(viewer)
    reader(page, live_server, statement.article)

    assert page.locator("#selection-popover").count() == 0
    assert page.locator("[data-action=edit], [data-action=delete]").count() == 0
    drag_select(page, "there were")
    page.keyboard.press("c")
    page.wait_for_timeout(300)
    assert page.locator("#statement-form").count() == 0
    assert Statement.objects.count() == 1


def test_shortcuts_dialog_lists_the_keys(logged_in_page, live_server, analyst):
    article = ArticleFactory()
    page = logged_in_page(analyst)
    reader(page, live_server, article)
    page.keyboard.press("?")
    dialog = page.locator("#shortcuts-dialog")
    assert dialog.is_visible()
    assert "Next / previous statement" in dialog.inner_text()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


def test_escape_closes_the_form_without_saving(logged_in_page, live_server, analyst):
    article = ArticleFactory()
    page = logged_in_page(analyst)
    reader(page, live_server, article)
    drag_select(page, "there were")
    page.keyboard.press("c")
    page.wait_for_selector("#statement-form")
    settled(page)
    page.keyboard.press("Escape")
    page.wait_for_selector("#statement-form", state="detached")
    assert not Statement.objects.exists()


def test_a_refused_action_is_announced(logged_in_page, live_server, analyst, make_user):
    """The server is the protection: a control that slipped through still gets a 403, said plainly."""
    statement = StatementFactory(annotator=analyst)
    page = logged_in_page(analyst)
    reader(page, live_server, statement.article)
    statement.annotator = make_user("analyst")
    statement.save()
    page.click(f"#statement-{statement.pk} [data-action=delete] button")
    page.wait_for_function("() => document.getElementById('reader-notice').textContent.includes('may not')")
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_j_and_k_walk_the_statements_in_text_order_highlighting_text_and_panel(logged_in_page, live_server, analyst):
    article = ArticleFactory()
    later = StatementFactory(article=article, text="a senior Iranian official")
    earlier = StatementFactory(article=article, text="denied accusations")
    page = logged_in_page(analyst)
    reader(page, live_server, article)

    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == f"statement-{earlier.pk}"
    assert page.locator(f"mark.is-current[data-statement='{earlier.pk}']").count() >= 1
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == f"statement-{later.pk}"
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == f"statement-{earlier.pk}"


def test_suggestions_show_dashed_and_pending(logged_in_page, live_server, analyst):
    suggestion = StatementFactory(origin=Origin.SUGGESTED, review_status=ReviewStatus.PENDING, speaker=None)
    PropositionFactory()
    page = logged_in_page(analyst)
    reader(page, live_server, suggestion.article)
    mark = page.locator(f"mark.st-pending[data-statement='{suggestion.pk}']").first
    assert mark.evaluate("m => getComputedStyle(m).borderBottomStyle") == "dashed"
    assert Article.objects.count() == 1
