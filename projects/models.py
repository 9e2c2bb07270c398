"""Core data: users, organizations, members and roles, clients, projects, the timeline."""

from __future__ import annotations

import uuid
import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

TIME_ZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz or tz == "UTC"]


class BaseModel(models.Model):
    """UUID public ids (never sequential) and creation/update times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class EmailUserManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Logs in with an email address; sees times in their own time zone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = None
    email = models.EmailField("email address", unique=True)
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="UTC")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email.split("@")[0]

    @property
    def initials(self) -> str:
        """One or two letters for an avatar: of the full name, else of the email."""
        name = (self.get_full_name() or "").strip()
        if name:
            parts = name.split()
            return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()
        return (self.email or "?")[:1].upper()


class Organization(BaseModel):
    """A studio or agency workspace."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Client(BaseModel):
    """A client company of an organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="clients")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="client_unique_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRODUCER = "producer", "Producer"
    EDITOR = "editor", "Editor"
    MARKETER = "marketer", "Marketer"
    CLIENT = "client", "Client"


STAFF_ROLES = (Role.PRODUCER, Role.EDITOR, Role.MARKETER)


class Membership(BaseModel):
    """A user's role in an organization. Client members belong to one client company."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    client = models.ForeignKey(Client, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        ordering = ["organization__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_one_per_org"),
            models.CheckConstraint(
                condition=(Q(role=Role.CLIENT, client__isnull=False) | (~Q(role=Role.CLIENT) & Q(client__isnull=True))),
                name="membership_client_role_has_client",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organization})"

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT


class Stage(models.TextChoices):
    IDEATION = "ideation", "Ideation"
    STORYBOARD = "storyboard", "Storyboard"
    SHOOT = "shoot", "Shoot"
    EDIT = "edit", "Edit"
    PLANNING = "planning", "Planning"
    DISTRIBUTION = "distribution", "Distribution"
    MONITORING = "monitoring", "Monitoring"
    DONE = "done", "Done"

    @classmethod
    def ordered(cls) -> list[Stage]:
        return list(cls)

    @classmethod
    def index(cls, stage: str) -> int:
        return [s.value for s in cls].index(stage)


class Project(BaseModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ON_HOLD = "on_hold", "On hold"
        ARCHIVED = "archived", "Archived"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="projects")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="owned_projects")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.IDEATION)

    class Meta:
        ordering = ["due_date", "title"]
        indexes = [
            # The board (projects.selectors): each column reads its stage's first projects in
            # the board's order straight from this index, and the counts read it alone.
            models.Index(
                fields=["organization", "stage", "due_date", "title", "id", "status"], name="project_board_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def stage_index(self) -> int:
        return Stage.index(self.stage)

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_date and self.stage != Stage.DONE and self.due_date < timezone.localdate())


class ProjectAccess(BaseModel):
    """A client user invited to one project of their company."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="project_accesses")
    granted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="project_access_once")]

    def __str__(self) -> str:
        return f"{self.user} on {self.project}"


class Invitation(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Revoked"
        EXPIRED = "expired", "Expired"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices)
    client = models.ForeignKey(Client, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    projects = models.ManyToManyField(Project, blank=True, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.CLIENT, client__isnull=False) | (~Q(role=Role.CLIENT) & Q(client__isnull=True))),
                name="invitation_client_role_has_client",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.get_role_display()})"

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class TimelineEvent(models.Model):
    """One thing that happened to a project. Written only through ``projects.timeline.record``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="timeline_events")
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    stage = models.CharField(max_length=16, choices=Stage.choices)
    kind = models.CharField(max_length=64)
    summary = models.CharField(max_length=500)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject_type = models.CharField(max_length=64, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    client_visible = models.BooleanField(default=False)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["project", "-occurred_at"]),
            models.Index(fields=["project", "stage"]),
            models.Index(fields=["project", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.summary}"


class Notification(BaseModel):
    """Something a person should know: shown in their inbox (``inbox``) and/or emailed — at once,
    or in the next digest (``digest``). Written only through ``projects.notifications.notify``."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)  # a path on this site
    inbox = models.BooleanField(default=True)
    email = models.BooleanField(default=True)  # they want it by email
    digest = models.BooleanField(default=False)  # emailed with others in the next digest, not at once
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(
                fields=["created_at"], name="notification_email_due", condition=Q(email=True, emailed_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user}: {self.title}"


class NotificationSetting(BaseModel):
    """A person's choice for one kind of notification (no row: both on)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_settings")
    kind = models.CharField(max_length=64)
    inbox = models.BooleanField(default=True)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"
