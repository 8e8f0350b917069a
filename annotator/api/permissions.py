"""Small permissions, composed per endpoint with & and |. They only ask `annotator.roles`."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from annotator import roles
from annotator.models import Origin, ReviewStatus


class IsViewer(BasePermission):
    """Holds any role: may read and export."""

    message = "You need a role (viewer, analyst, reviewer or admin) to use the API."

    def has_permission(self, request, view):
        return roles.can_view(request.user)


class ReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


class IsAnalyst(BasePermission):
    message = "Only analysts, reviewers and admins may change data."

    def has_permission(self, request, view):
        return roles.can_annotate(request.user)


class IsReviewer(BasePermission):
    message = "Only reviewers and admins may do this."

    def has_permission(self, request, view):
        return roles.can_review(request.user)


class IsAdmin(BasePermission):
    message = "Only admins may do this."

    def has_permission(self, request, view):
        return roles.has_role(request.user, roles.Role.ADMIN)


class CanEditStatement(BasePermission):
    """Analysts change their own statements (and unowned suggestions); reviewers anyone's."""

    message = "You may change only your own statements; reviewers may change anyone's."

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or roles.can_edit_statement(request.user, obj)


class CanDeleteStatement(BasePermission):
    """Analysts delete their own statements; deleting a suggestion rejects it, so only
    reviewers may."""

    message = "You may delete only statements you marked yourself; reviewers delete suggestions and anyone's."

    def has_object_permission(self, request, view, obj):
        return request.method != "DELETE" or roles.can_delete_statement(request.user, obj)


def _sets_review_status(request) -> bool:
    # A body that is not an object is left to the serializer to refuse.
    return isinstance(request.data, dict) and "review_status" in request.data


class CanSetReviewStatus(BasePermission):
    """Accepting or rejecting is reviewing: an analyst may leave the status as it is
    (or as it starts), not change it."""

    message = "Only reviewers may accept or reject statements."

    def has_permission(self, request, view):
        if request.method != "POST" or not _sets_review_status(request) or roles.can_review(request.user):
            return True
        origin = request.data.get("origin", Origin.MANUAL)
        starts_as = ReviewStatus.PENDING if origin == Origin.SUGGESTED else ReviewStatus.ACCEPTED
        return request.data.get("review_status") == starts_as

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or not _sets_review_status(request) or roles.can_review(request.user):
            return True
        return request.data.get("review_status") == obj.review_status


# Read for every role, write for analysts and above.
ViewOrAnnotate = IsViewer & (ReadOnly | IsAnalyst)
