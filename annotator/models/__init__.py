from .actors import Actor, ActorKind
from .articles import Article, ArticleStatus
from .propositions import Proposition
from .sources import Source, SourceKind
from .statements import Origin, ReviewStatus, Stance, Statement

__all__ = [
    "Actor",
    "ActorKind",
    "Article",
    "ArticleStatus",
    "Origin",
    "Proposition",
    "ReviewStatus",
    "Source",
    "SourceKind",
    "Stance",
    "Statement",
]
