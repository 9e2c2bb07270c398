"""The storyboard stage's data: a project's script in numbered versions (each one the Fountain
text as it was imported or saved, and its scenes as rows, so storyboard frames and later the
shot list point at a scene), and the storyboard: frames in order, each with a picture, how it is
shot, and comments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from production.media.models import MediaAsset
from projects.models import BaseModel, Project

from . import fountain

COMMENT_MAX_LENGTH = 2000


class Script(BaseModel):
    """The project's screenplay; what it says is in its versions (the newest is current)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="script")
    title = models.CharField(max_length=200, blank=True)  # the current version's title page

    class Meta:
        ordering = ["project"]

    def __str__(self) -> str:
        return self.title or f"Script of {self.project}"


class ScriptVersion(BaseModel):
    """Version N of a script: the Fountain text exactly as it was imported or saved (what an
    export gives back), and what was read from it. Versions are never changed."""

    class Origin(models.TextChoices):
        IMPORTED = "imported", "Imported from a file"
        SAVED = "saved", "Saved from the editor"

    script = models.ForeignKey(Script, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    source = models.TextField()
    origin = models.CharField(max_length=10, choices=Origin.choices)
    file_name = models.CharField(max_length=255, blank=True)  # the imported file's name
    note = models.CharField(max_length=500, blank=True)
    title_page = models.JSONField(default=dict, blank=True)
    lead = models.JSONField(default=list, blank=True)  # elements before the first scene heading
    lines = models.PositiveIntegerField(default=0)  # printed lines on the standard page layout
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["script", "-number"]
        constraints = [models.UniqueConstraint(fields=["script", "number"], name="scriptversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.script} v{self.number}"

    @property
    def pages(self) -> float:
        return self.lines / fountain.LINES_PER_PAGE

    @property
    def page_label(self) -> str:
        return fountain.page_label(self.lines)

    @property
    def runtime_seconds(self) -> int:
        return fountain.runtime_seconds(self.lines)

    @property
    def runtime_label(self) -> str:
        return fountain.runtime_label(self.runtime_seconds)


class Scene(BaseModel):
    """A scene of one script version, as its heading and elements say."""

    class Setting(models.TextChoices):
        INT = "INT", "Interior"
        EXT = "EXT", "Exterior"
        INT_EXT = "INT/EXT", "Interior and exterior"
        EST = "EST", "Establishing"
        NONE = "", "Not said"

    version = models.ForeignKey(ScriptVersion, on_delete=models.CASCADE, related_name="scenes")
    position = models.PositiveIntegerField()  # 1 is the first scene of the version
    number = models.CharField(max_length=20)  # the writer's (``#12A#``), else the position
    heading = models.CharField(max_length=300)
    setting = models.CharField(max_length=8, choices=Setting.choices, blank=True)
    location = models.CharField(max_length=300, blank=True)
    time_of_day = models.CharField(max_length=100, blank=True)
    action = models.TextField(blank=True)
    dialogue = models.TextField(blank=True)
    characters = models.JSONField(default=list, blank=True)
    elements = models.JSONField(default=list, blank=True)  # what the page shows, in order
    lines = models.PositiveIntegerField(default=0)
    key = models.CharField(max_length=320)  # names the scene across versions (heading and occurrence)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="scene_unique_position")]
        indexes = [models.Index(fields=["version", "key"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}"

    @property
    def eighths(self) -> int:
        return fountain.eighths(self.lines)

    @property
    def page_label(self) -> str:
        return fountain.page_label(self.lines)


class ShotSize(models.TextChoices):
    ECU = "ECU", "Extreme close-up (ECU)"
    CU = "CU", "Close-up (CU)"
    MCU = "MCU", "Medium close-up (MCU)"
    MS = "MS", "Medium shot (MS)"
    MLS = "MLS", "Medium long shot (MLS)"
    WS = "WS", "Wide shot (WS)"
    EWS = "EWS", "Extreme wide shot (EWS)"
    OTS = "OTS", "Over the shoulder (OTS)"
    INSERT = "INSERT", "Insert"


class Angle(models.TextChoices):
    EYE = "eye", "Eye level"
    HIGH = "high", "High angle"
    LOW = "low", "Low angle"
    OVERHEAD = "overhead", "Overhead"
    DUTCH = "dutch", "Dutch angle"
    POV = "pov", "Point of view"


class Movement(models.TextChoices):
    STATIC = "static", "Static"
    PAN = "pan", "Pan"
    TILT = "tilt", "Tilt"
    DOLLY_IN = "dolly_in", "Dolly in"
    DOLLY_OUT = "dolly_out", "Dolly out"
    TRACKING = "tracking", "Tracking"
    CRANE = "crane", "Crane"
    HANDHELD = "handheld", "Handheld"
    STEADICAM = "steadicam", "Steadicam"
    ZOOM = "zoom", "Zoom"
    DRONE = "drone", "Drone"


def frame_image_upload_to(frame: Frame, filename: str) -> str:
    return f"storyboard/{frame.project_id}/{frame.pk}/{filename}"


class Frame(BaseModel):
    """A frame of the project's storyboard: a picture (drawn and uploaded, or a still of a
    reference video), how the shot is framed and moves, how long it lasts, and the scene it
    belongs to."""

    class Source(models.TextChoices):
        NONE = "", "No picture yet"
        UPLOAD = "upload", "Uploaded image"
        VIDEO = "video", "Still of a reference video"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="storyboard_frames")
    position = models.PositiveIntegerField()
    scene = models.ForeignKey(Scene, null=True, blank=True, on_delete=models.SET_NULL, related_name="frames")
    image = models.FileField(upload_to=frame_image_upload_to, max_length=300, blank=True)
    thumbnail = models.FileField(upload_to=frame_image_upload_to, max_length=300, blank=True)  # the board's
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    image_source = models.CharField(max_length=10, choices=Source.choices, blank=True)
    source_asset = models.ForeignKey(
        MediaAsset, null=True, blank=True, on_delete=models.SET_NULL, related_name="storyboard_frames"
    )  # the reference video a still was taken from
    source_frame = models.PositiveIntegerField(null=True, blank=True)  # which of its frames
    shot_size = models.CharField(max_length=10, choices=ShotSize.choices, blank=True)
    angle = models.CharField(max_length=10, choices=Angle.choices, blank=True)
    movement = models.CharField(max_length=12, choices=Movement.choices, blank=True)
    duration = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)  # seconds
    dialogue = models.TextField(blank=True)  # dialogue or voice-over heard over the frame
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="frame_unique_position"),
            models.CheckConstraint(
                condition=Q(duration__isnull=True) | Q(duration__gt=0), name="frame_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Frame {self.position + 1} of {self.project}"

    @property
    def picture_key(self) -> str:
        """Names the current picture in its address (``?v=``): a new picture is a new address, so a
        browser never shows the one it replaced from its cache."""
        return self.image.name.rsplit("/", 1)[-1].split(".")[0] if self.image else ""

    @property
    def number(self) -> int:
        """What people call it: its place on the board, 1 first (positions may have gaps)."""
        return getattr(self, "board_number", None) or self.position + 1


class FrameComment(BaseModel):
    """A comment on a frame (plain text), read by whoever sees the board: the team and the client."""

    frame = models.ForeignKey(Frame, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=200)
    text = models.TextField(max_length=COMMENT_MAX_LENGTH)

    class Meta:
        ordering = ["frame", "created_at"]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.frame_id}: {self.text[:40]}"


# --- The shot list -------------------------------------------------------------------------------


class Framing(models.TextChoices):
    """The frame a shot is composed for. "16:9 protecting 9:16" keeps the action inside the
    centre 9:16 of a 16:9 frame, so a vertical cutdown can be cropped from it."""

    LANDSCAPE = "16:9", "16:9"
    VERTICAL = "9:16", "9:16"
    SQUARE = "1:1", "1:1"
    PROTECT = "16:9+9:16", "16:9 protecting 9:16"


# The delivery aspect ratios a shot in each framing can serve, uncropped action included: a 16:9
# frame gives 16:9 and a 21:9 letterbox; one that protects 9:16 also gives every full-height crop
# down to 9:16 (4:5, 1:1, 9:16).
FRAMING_SERVES: dict[str, frozenset[str]] = {
    Framing.LANDSCAPE: frozenset({"16:9", "21:9"}),
    Framing.VERTICAL: frozenset({"9:16"}),
    Framing.SQUARE: frozenset({"1:1"}),
    Framing.PROTECT: frozenset({"16:9", "21:9", "9:16", "4:5", "1:1"}),
}

MAX_MINUTES = 720  # a shot's setup or shooting time, at most a 12-hour day


def hours_minutes(minutes: int | None) -> str:
    """``95`` → ``1:35``; none → an empty string."""
    if minutes is None:
        return ""
    return f"{minutes // 60}:{minutes % 60:02d}"


class Shot(BaseModel):
    """A line of the shot list: what the camera does for one setup of a scene, how long it takes
    to light and shoot, the frame it is composed for, and which of the brief's mandatory messages
    and required assets it serves (by their stable keys, which survive new brief versions)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        SCHEDULED = "scheduled", "Scheduled"
        SHOT = "shot", "Shot"
        CIRCLED = "circled", "Circled (take picked)"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="shots")
    position = models.PositiveIntegerField()  # the list's order
    number = models.CharField(max_length=12)  # "1", "12A": what the slate says
    scene = models.ForeignKey(Scene, null=True, blank=True, on_delete=models.SET_NULL, related_name="shots")
    frame = models.ForeignKey(Frame, null=True, blank=True, on_delete=models.SET_NULL, related_name="shots")
    description = models.TextField(blank=True)
    shot_size = models.CharField(max_length=10, choices=ShotSize.choices, blank=True)
    angle = models.CharField(max_length=10, choices=Angle.choices, blank=True)
    movement = models.CharField(max_length=12, choices=Movement.choices, blank=True)
    lens = models.CharField(max_length=40, blank=True)  # "35mm", "24-70mm zoom"
    location = models.CharField(max_length=300, blank=True)
    cast = models.CharField(max_length=500, blank=True)
    setup_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    shoot_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    framing = models.CharField(max_length=10, choices=Framing.choices, default=Framing.LANDSCAPE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    message_keys = models.JSONField(default=list, blank=True)  # BriefMessage keys (UUID strings)
    asset_keys = models.JSONField(default=list, blank=True)  # BriefAsset keys (UUID strings)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="shot_unique_position"),
            models.CheckConstraint(
                condition=Q(setup_minutes__isnull=True) | Q(setup_minutes__lte=MAX_MINUTES),
                name="shot_setup_minutes_max",
            ),
            models.CheckConstraint(
                condition=Q(shoot_minutes__isnull=True) | Q(shoot_minutes__lte=MAX_MINUTES),
                name="shot_shoot_minutes_max",
            ),
        ]

    def __str__(self) -> str:
        return f"Shot {self.number} of {self.project}"

    @property
    def next_status(self) -> tuple[str, str] | None:
        """The next step (value, what its button says), or None once a take is circled."""
        steps = {
            "planned": ("scheduled", "Schedule"),
            "scheduled": ("shot", "Mark shot"),
            "shot": ("circled", "Circle"),
        }
        return steps.get(self.status)

    @property
    def previous_status(self) -> tuple[str, str] | None:
        values = Shot.Status.values
        index = values.index(self.status) if self.status in values else 0
        return (values[index - 1], Shot.Status(values[index - 1]).label) if index > 0 else None

    @property
    def setup_label(self) -> str:
        return hours_minutes(self.setup_minutes)

    @property
    def shoot_label(self) -> str:
        return hours_minutes(self.shoot_minutes)

    def serves_ratio(self, aspect_ratio: str) -> bool:
        """Whether this shot's framing gives a picture of ``aspect_ratio`` (any, when none is said)."""
        return not aspect_ratio or aspect_ratio in FRAMING_SERVES.get(self.framing, frozenset())
