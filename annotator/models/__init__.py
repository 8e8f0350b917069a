from .actors import Actor, ActorKind
from .articles import Article, ArticleStatus
from .jobs import Job, JobKind, JobStatus
from .learning import ReviewExample, ReviewOutcome, ScorerModel, ScorerStatus, SuggestionScore
from .project_tallies import ProjectActorTally, ProjectOverlap, ProjectPairTally, ProjectPropositionTally
from .projects import Assignment, Project, ProjectArticle, ProjectMember, ProjectRole
from .propositions import Proposition
from .sources import Source, SourceKind
from .statements import Origin, ReviewStatus, Stance, Statement
from .tallies import ActorTally, ArticleTally, PairTally, PropositionTally
from .tokens import ApiToken

__all__ = [
    "Actor",
    "ActorKind",
    "ActorTally",
    "ApiToken",
    "Assignment",
    "Article",
    "ArticleStatus",
    "ArticleTally",
    "Job",
    "JobKind",
    "JobStatus",
    "Origin",
    "PairTally",
    "Project",
    "ProjectActorTally",
    "ProjectArticle",
    "ProjectMember",
    "ProjectOverlap",
    "ProjectPairTally",
    "ProjectPropositionTally",
    "ProjectRole",
    "Proposition",
    "PropositionTally",
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
