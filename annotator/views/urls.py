"""URLs of the HTML pages. Each page module keeps its own `urlpatterns`; they are joined here."""

urlpatterns: list = []
