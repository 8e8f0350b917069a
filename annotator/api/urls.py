"""The REST API under /api/v1/, its OpenAPI schema and its documentation."""

from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from annotator.api.views.actors import ActorViewSet
from annotator.api.views.agreement import ProjectAgreementView
from annotator.api.views.articles import ArticleViewSet
from annotator.api.views.projects import ProjectViewSet
from annotator.api.views.propositions import PropositionViewSet
from annotator.api.views.sources import SourceViewSet
from annotator.api.views.statements import StatementViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("articles", ArticleViewSet, basename="article")
router.register("sources", SourceViewSet, basename="source")
router.register("actors", ActorViewSet, basename="actor")
router.register("propositions", PropositionViewSet, basename="proposition")
router.register("statements", StatementViewSet, basename="statement")
router.register("projects", ProjectViewSet, basename="project")

app_name = "api"

# Swagger UI's page carries one inline <style> block, under the request's nonce
# (templates/drf_spectacular/swagger_ui.html); everything else it loads is ours.
DOCS_CSP = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.NONCE]}

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/projects/<slug:slug>/agreement/", ProjectAgreementView.as_view(), name="project-agreement"),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "api/docs/",
        csp_override(DOCS_CSP)(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny])
        ),
        name="docs",
    ),
]
