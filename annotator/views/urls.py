"""URLs of the HTML pages. Each page module keeps its own `urlpatterns`; they are joined here."""

from . import (
    actors,
    articles,
    autocomplete,
    history,
    home,
    jobs,
    matrix,
    profile,
    projects,
    propositions,
    reader,
    review,
    sources,
    statements,
    work,
)

urlpatterns: list = [
    *reader.urlpatterns,
    *statements.urlpatterns,
    *autocomplete.urlpatterns,
    *review.urlpatterns,
    *home.urlpatterns,
    *articles.urlpatterns,
    *propositions.urlpatterns,
    *actors.urlpatterns,
    *sources.urlpatterns,
    *matrix.urlpatterns,
    *profile.urlpatterns,
    *history.urlpatterns,
    *jobs.urlpatterns,
    *projects.urlpatterns,
    *work.urlpatterns,
]
