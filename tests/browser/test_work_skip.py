"""An analyst puts articles off from My work and from the reader: the "Skip it" button (or
`s`) records the skip, opens the next unfinished article, and the skipped ones come back
after the rest; My work marks them, and the manager's project page counts them.

Saves My work with two skipped articles as docs/screenshots/work.png (the README)."""

from pathlib import Path

from annotator.models import Assignment, ProjectMember, ProjectRole
from annotator.services.assignments import assignments_create
from annotator.services.projects import project_articles_add, project_create
from tests.factories import ArticleFactory

from .helpers import settled

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "work.png"


def _article_id(page) -> int:
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def test_an_analyst_skips_from_my_work_and_from_the_reader_and_the_skipped_come_last(
    logged_in_page, live_server, make_user
):
    chief = make_user("admin", username="chief")
    ana = make_user(None, username="ana")
    project = project_create(name="Gulf desk", user=chief)
    ProjectMember.objects.create(project=project, user=ana, role=ProjectRole.ANALYST)
    articles = [
        ArticleFactory(title=f"Strikes near Mosul, report {n}", body=f"Report {n}: Iran denied it.") for n in range(4)
    ]
    project_articles_add(project=project, article_ids=[a.pk for a in articles], user=chief, imported=True)
    for article in articles:  # one at a time: assigned, and so offered, in this order
        assignments_create(project=project, article_ids=[article.pk], assignee_ids=[ana.pk], by=chief)
    first, second, third, fourth = articles

    page = logged_in_page(ana)
    page.goto(f"{live_server.url}/work/")
    # My work's button puts off the article "Next unfinished" would open, and opens the next.
    page.get_by_role("button", name="Skip it").click()
    page.wait_for_url(f"**/articles/{second.pk}/")
    page.wait_for_selector("text=Skipped: it comes back after the rest of your work.")
    settled(page)

    # In the reader, `s` skips the article on screen.
    page.keyboard.press("s")
    page.wait_for_url(f"**/articles/{third.pk}/")
    skipped = Assignment.objects.filter(assignee=ana, skipped_at__isnull=False)
    assert sorted(skipped.values_list("article_id", flat=True)) == sorted([first.pk, second.pk])

    # My work marks the two, and now offers (and skips) the articles not put off first.
    page.goto(f"{live_server.url}/work/")
    rows = page.locator("section[aria-labelledby=open-head] tbody tr")
    badges = [rows.nth(i).locator(".badge", has_text="skipped").count() for i in range(rows.count())]
    assert sorted(badges) == [0, 0, 1, 1]
    assert page.locator("form[data-skip-work]").get_attribute("action").endswith(f"/{third.pk}")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.keyboard.press("n")
    page.wait_for_url(f"**/articles/{third.pk}/")

    # Once the rest is done, the skipped come back, the longest put off first.
    for article in (third, fourth):
        page.goto(f"{live_server.url}/articles/{article.pk}/")
        page.click("#assignment-done-gulf-desk")
        page.wait_for_url(lambda url, done=article.pk: f"/articles/{done}/" not in url)
    assert _article_id(page) == first.pk

    # The manager's project page counts what is put off.
    manager = logged_in_page(chief)
    manager.goto(f"{live_server.url}/projects/gulf-desk/")
    assert manager.locator("#skipped-overall").inner_text() == "2 skipped"
    assert manager.locator('[data-skipped="ana"]').inner_text() == "2"
