from django.urls import path

from . import views

urlpatterns = [
    path(
        "export/statements.jsonld",
        views.export,
        {"resource": "statements", "fmt": "w3c"},
        name="export_statements_jsonld",
    ),
    *(
        path(
            f"export/{resource}.{fmt}",
            views.export,
            {"resource": resource, "fmt": fmt},
            name=f"export_{resource}_{fmt}",
        )
        for resource in ("statements", "articles", "actors", "propositions", "sources")
        for fmt in ("csv", "jsonl")
    ),
]
