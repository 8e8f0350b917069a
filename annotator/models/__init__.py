from .actors import Actor, ActorKind
from .articles import Article, ArticleStatus
from .jobs import Job, JobKind, JobStatus
from .projects import Assignment, Project, ProjectArticle, ProjectMember, ProjectRole
from .propositions import Proposition
from .sources import Source, SourceKind
from .statements import Origin, ReviewStatus, Stance, Statement
from .tokens import ApiToken

__all__ = [
    "Actor",
    "ActorKind",
    "ApiToken",
    "Assignment",
    "Article",
    "ArticleStatus",
    "Job",
    "JobKind",
    "JobStatus",
    "Origin",
    "Project",
    "ProjectArticle",
    "ProjectMember",
    "ProjectRole",
    "Proposition",
    "ReviewStatus",
    "Source",
    "SourceKind",
    "Stance",
    "Statement",
]
