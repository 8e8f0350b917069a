"""Waiting for the page rather than for time."""


def settled(page):
    """htmx has swapped and settled, and the reader's follow-up (refocusing the saved
    statement, which may scroll) has run: only then are classes and positions final.
    While htmx settles, a swapped element briefly wears the old element's attributes."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    # Timers run in order: this one fires after the reader's setTimeout(0) refocus.
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 0))")
