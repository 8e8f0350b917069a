"""Teams: projects that group articles, their members' roles, and who works on what.

A project groups articles (an article may belong to several) and has members, each with
a role in it; a user's site-wide role is their role wherever the project does not give
them one of its own. Work is split by assignment: one row per (project, article,
assignee), done per assignee. An article linked to a project with `double` set is
annotated independently by each assignee (double annotation): their statements are kept
apart (`Statement.independent`) until a reviewer adjudicates them into the canonical set."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ProjectRole(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    ANALYST = "analyst", "Analyst"
    REVIEWER = "reviewer", "Reviewer"
    MANAGER = "manager", "Manager"


class Project(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    guidelines = models.TextField(blank=True, help_text="The annotation guidelines, in Markdown.")
    # The project existing data moved into: every user with a site-wide role reads it.
    is_default = models.BooleanField(default=False)
    articles = models.ManyToManyField("annotator.Article", through="ProjectArticle", related_name="projects")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="project_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships")
    role = models.CharField(max_length=10, choices=ProjectRole.choices, default=ProjectRole.ANALYST)
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="project_member_once"),
        ]
        indexes = [models.Index(fields=["user", "project"], name="project_member_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.project}"


class ProjectArticle(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_articles")
    article = models.ForeignKey("annotator.Article", on_delete=models.CASCADE, related_name="project_links")
    # Annotated independently by each assignee, then adjudicated.
    double = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)
    # The article's publication date, copied by the database (PostgreSQL triggers of
    # migration 0020_scale19_link_published; NULL on SQLite): a member's article list,
    # newest first, walks one project's links in date order and stops after its page,
    # instead of reading the archive's date index and skipping the other projects'
    # articles (and a search's count stops after 1,001 of the project's matches).
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["project_id", "article_id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "article"], name="project_article_once"),
        ]
        indexes = [
            models.Index(fields=["article", "project"], name="project_article_article"),
            models.Index(fields=["project", "double"], name="project_article_double"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} in {self.project_id}" + (" (double)" if self.double else "")


class Assignment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assignments")
    article = models.ForeignKey("annotator.Article", on_delete=models.CASCADE, related_name="assignments")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # When the assignee last skipped it ("s" on My work or in the reader): "next
    # unfinished" offers skipped articles only after the others, oldest skip first.
    skipped_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project_id", "assignee_id", "article_id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "article", "assignee"], name="assignment_once"),
        ]
        indexes = [
            models.Index(fields=["assignee", "done_at", "project"], name="assignment_assignee_open"),
            models.Index(fields=["project", "article"], name="assignment_project_article"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} → {self.assignee}"
