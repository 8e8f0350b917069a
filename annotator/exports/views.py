from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from annotator.selectors.exports import ExportFilterError

from .access import viewer_required
from .pipeline import FORMATS, W3C_CONTENT_TYPE, export_chunks


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@require_GET
@viewer_required
def export(request, resource: str, fmt: str):
    """`/export/<resource>.<csv|jsonl>` and `/export/statements.jsonld`, filtered by the
    same query parameters as the browse page and the API."""
    try:
        chunks = export_chunks(resource, fmt, request.GET, user=request.user, bom=_truthy(request.GET.get("bom")))
    except ExportFilterError as error:
        return JsonResponse(error.errors, status=400)
    extension = "jsonld" if fmt == "w3c" else fmt
    response = StreamingHttpResponse(chunks, content_type=W3C_CONTENT_TYPE if fmt == "w3c" else FORMATS[fmt])
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="{resource}-{stamp}.{extension}"'
    # Exports are always fresh; a proxy must not serve one user's file to another.
    response["Cache-Control"] = "private, no-store"
    return response
