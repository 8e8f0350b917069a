"""Starting an export job: which resource, in which format (the filters come as the
list's own query parameters)."""

from django import forms

RESOURCE_CHOICES = [
    ("statements", "Statements"),
    ("articles", "Articles"),
    ("actors", "Actors"),
    ("propositions", "Propositions"),
    ("sources", "Sources"),
]
FORMAT_CHOICES = [
    ("csv", "CSV"),
    ("jsonl", "JSON Lines"),
    ("w3c", "W3C Web Annotations (statements only)"),
]


class ExportJobForm(forms.Form):
    resource = forms.ChoiceField(label="What", choices=RESOURCE_CHOICES, initial="statements")
    fmt = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, initial="csv")

    def clean(self):
        data = super().clean()
        if data.get("fmt") == "w3c" and data.get("resource") not in (None, "statements"):
            self.add_error("fmt", "Only statements export as W3C Web Annotations; choose CSV or JSON Lines.")
        return data
