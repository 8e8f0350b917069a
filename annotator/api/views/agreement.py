from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator import double
from annotator.api.errors import OBJECT_ERRORS
from annotator.api.permissions import IsViewer
from annotator.api.serializers.agreement import ProjectAgreementSerializer
from annotator.api.throttling import AnonymousThrottledFirst
from annotator.models import Project
from annotator.selectors.agreement import AgreementData, project_agreement_data


def _pair(data: AgreementData, pair, counts) -> dict:
    first, second = pair
    return {
        "first": data.names.get(first, str(first)),
        "second": data.names.get(second, str(second)),
        "figures": counts.as_dict(),
    }


def agreement_document(data: AgreementData) -> dict:
    return {
        "project": data.project.slug,
        "overall": data.result.overall.as_dict(),
        "pairs": [_pair(data, pair, counts) for pair, counts in data.result.pairs.items()],
        "articles": [
            {
                "article": a.article,
                "title": data.titles.get(a.article, ""),
                "pairs": [_pair(data, pair, counts) for pair, counts in a.pairs.items()],
            }
            for a in data.result.articles
        ],
    }


class ProjectAgreementView(AnonymousThrottledFirst, APIView):
    permission_classes = [IsViewer]

    @extend_schema(
        summary="Agreement of a project's annotators",
        description="On the project's doubly annotated articles, before adjudication: statement-level F1 (exact "
        "spans, and spans sharing half the shorter), and on matched statements stance agreement (observed, "
        "Cohen's kappa, Krippendorff's alpha), speaker, proposition and via agreement, and the claim/denial "
        "confusion counts; for the project (pooled counts), each pair of annotators, and each article.",
        responses={200: ProjectAgreementSerializer, **OBJECT_ERRORS},
    )
    def get(self, request, slug: str, format=None):
        project = Project.objects.filter(slug=slug).first()
        if project is None or not double.can_read_agreement(request.user, project):
            # Another project's is answered as one that does not exist: a 403 would say it does.
            raise NotFound("No such project.")
        document = agreement_document(project_agreement_data(project))
        return Response(ProjectAgreementSerializer(document).data)
