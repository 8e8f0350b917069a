"""The new-article form: pasted text or an uploaded file, then a preview, then the save.

The preview step sends the input back as text (the upload is decoded once), so the save
step reads the same text the analyst saw cleaned."""

import re
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from annotator.models import ArticleStatus
from annotator.text import HTML, JSONL, TEXT, UnsupportedFormat, decode_bytes, sniff_format

AUTO = "auto"
FORMAT_CHOICES = [
    (AUTO, "Detect"),
    (TEXT, "Plain text"),
    (HTML, "HTML page"),
    (JSONL, "JSON Lines (one article a line)"),
]
UPLOAD_EXTENSIONS = {".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson"}
# The preview sends the text back in a form field, and Django refuses a request whose
# fields exceed DATA_UPLOAD_MAX_MEMORY_SIZE: stay under it, whatever the upload limit says.
_FIELD_MARGIN = 64 * 1024
# A link pasted where the text goes: one address and nothing else. Any scheme, so that
# "file:///etc/passwd" is refused with its reason instead of imported as a one-line article.
_LINK = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def max_input_bytes() -> int:
    limits = [settings.ANNOTATOR_MAX_UPLOAD_BYTES]
    if settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None:
        limits.append(settings.DATA_UPLOAD_MAX_MEMORY_SIZE - _FIELD_MARGIN)
    return max(1, min(limits))


def too_large_message(size: int | None = None) -> str:
    limit = filesizeformat(max_input_bytes())
    if size is None:
        return f"That is more than the {limit} an import may be. Split it into smaller files."
    return f"That is {filesizeformat(size)}; an import may be at most {limit}. Split it into smaller files."


class ArticleImportForm(forms.Form):
    """Paste or upload, with optional details. After validation `cleaned_data` holds
    `raw` (the text) and `fmt` ("text", "html" or "jsonl"); or, when the input is only
    an address (in the URL field, or a link pasted as the text), `fetch`: the name of the
    field holding it, for the view to fetch the page (see services.fetching)."""

    text = forms.CharField(
        label="Paste the article",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Plain text, an HTML page, or JSON Lines; or a link to the article, to fetch it.",
    )
    file = forms.FileField(
        label="Or upload a file",
        required=False,
        help_text="A .txt, .html or .jsonl file (JSON Lines: one article a line).",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(UPLOAD_EXTENSIONS))}),
    )
    fmt = forms.ChoiceField(label="Format", choices=FORMAT_CHOICES, initial=AUTO, required=False)
    title = forms.CharField(label="Title", max_length=500, required=False, help_text="Taken from the page if empty.")
    url = forms.URLField(
        label="Address (URL)",
        max_length=2000,
        required=False,
        assume_scheme="https",
        help_text="Given alone (nothing pasted or uploaded), the page is fetched from it.",
    )
    source = forms.CharField(
        label="Published by",
        max_length=200,
        required=False,
        help_text="An outlet's name or alias; a new name creates the outlet.",
    )
    published_at = forms.DateField(
        label="Publication date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    project = forms.ChoiceField(
        label="Project",
        required=False,
        choices=[("", "Default project")],
        help_text="The project the article joins (one where you are an analyst).",
    )

    def __init__(self, *args, projects=(), **kwargs):
        """`projects`: (slug, name) of the projects the user may import into."""
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "Default project"), *projects]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in UPLOAD_EXTENSIONS:
            raise forms.ValidationError(
                f"{PurePath(upload.name).name} is not a .txt, .html or .jsonl file.", code="file_type"
            )
        if upload.size > max_input_bytes():
            raise forms.ValidationError(too_large_message(upload.size), code="file_size")
        return upload

    def clean(self):
        data = super().clean()
        text, upload = data.get("text") or "", data.get("file")
        if self.errors:
            return data
        if upload and text.strip():
            raise forms.ValidationError("Paste text or upload a file, not both.", code="both")
        if not upload and _LINK.fullmatch(text.strip()):
            link = text.strip()
            if data.get("url") and data["url"] != link:
                raise forms.ValidationError("Give the address once: as the text or in the URL field.", code="both")
            data["url"], data["fetch"] = link, "text"
            return data
        if not upload and not text.strip() and data.get("url"):
            data["fetch"] = "url"
            return data
        if upload:
            raw_bytes = upload.read()
            name = upload.name
        elif text.strip():
            # Browsers send a textarea's line breaks as CRLF; the article is stored with LF.
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            raw_bytes = text.encode("utf-8")
            name = ""
            if len(raw_bytes) > max_input_bytes():
                self.add_error("text", forms.ValidationError(too_large_message(len(raw_bytes)), code="text_size"))
                return data
        else:
            raise forms.ValidationError("Paste the article's text or choose a file to upload.", code="empty")
        try:
            sniffed = sniff_format(name, raw_bytes)
        except UnsupportedFormat as error:
            self.add_error("file" if upload else "text", forms.ValidationError(str(error), code="file_type"))
            return data
        data["raw"] = decode_bytes(raw_bytes) if upload else text
        data["fmt"] = data.get("fmt") if data.get("fmt") not in ("", None, AUTO) else sniffed
        if not data["raw"].strip():
            raise forms.ValidationError("The file is empty.", code="empty")
        return data


class ArticleStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ArticleStatus.choices)
