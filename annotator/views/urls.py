"""URLs of the HTML pages. Each page module keeps its own `urlpatterns`; they are joined here."""

from . import (
    actors,
    adjudication,
    agreement,
    articles,
    autocomplete,
    history,
    home,
    jobs,
    learning,
    matrix,
    profile,
    propositions,
    reader,
    review,
    sources,
    statements,
)

urlpatterns: list = [
    *reader.urlpatterns,
    *statements.urlpatterns,
    *autocomplete.urlpatterns,
    *review.urlpatterns,
    *learning.urlpatterns,
    *home.urlpatterns,
    *articles.urlpatterns,
    *propositions.urlpatterns,
    *actors.urlpatterns,
    *sources.urlpatterns,
    *matrix.urlpatterns,
    *profile.urlpatterns,
    *history.urlpatterns,
    *jobs.urlpatterns,
    *agreement.urlpatterns,
    *adjudication.urlpatterns,
]
