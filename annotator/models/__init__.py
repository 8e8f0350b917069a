from .actors import Actor, ActorKind
from .articles import Article, ArticleStatus
from .jobs import Job, JobKind, JobStatus
from .learning import ReviewExample, ReviewOutcome, ScorerModel, ScorerStatus, SuggestionScore
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
    "ReviewExample",
    "ReviewOutcome",
    "ReviewStatus",
    "ScorerModel",
    "ScorerStatus",
    "Source",
    "SourceKind",
    "Stance",
    "Statement",
    "SuggestionScore",
]
