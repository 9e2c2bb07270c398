"""Output and input shapes of ideation's API (no business logic: the services decide)."""

from __future__ import annotations

from rest_framework import serializers

from production.ideation.models import (
    METRIC_UNITS,
    AspectRatio,
    Brief,
    BriefAsset,
    BriefKpi,
    BriefMessage,
    BriefPlatform,
    BriefSignoff,
    BriefVersion,
    Currency,
    Idea,
    IdeaComment,
    Metric,
    Objective,
    Platform,
)

# --- Ideas ------------------------------------------------------------------------------------


class IdeaSerializer(serializers.ModelSerializer):
    platforms = serializers.ListField(child=serializers.ChoiceField(choices=Platform.choices))
    author_name = serializers.SerializerMethodField()
    votes = serializers.IntegerField(source="vote_count", read_only=True)
    voted = serializers.BooleanField(read_only=True, help_text="Whether you voted for it")
    comments = serializers.IntegerField(source="comment_count", read_only=True)

    class Meta:
        model = Idea
        fields = [
            "id", "organization", "title", "pitch", "format", "platforms", "status", "author_name", "votes", "voted",
            "comments", "project", "promoted_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_author_name(self, idea: Idea) -> str:
        return idea.author.display_name if idea.author else ""


class IdeaInputSerializer(serializers.Serializer):
    organization = serializers.UUIDField(required=False, help_text="Your studio (needed only if you are in several)")
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    pitch = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    format = serializers.CharField(required=False, allow_blank=True, default="")
    platforms = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class IdeaUpdateInputSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    pitch = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    format = serializers.CharField(required=False, allow_blank=True)
    platforms = serializers.ListField(child=serializers.CharField(), required=False)
    status = serializers.CharField(required=False, help_text="new, shortlisted or dropped (producers)")


class IdeaCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = IdeaComment
        fields = ["id", "author_name", "text", "created_at"]
        read_only_fields = fields


class IdeaCommentInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)


class IdeaVoteSerializer(serializers.Serializer):
    voted = serializers.BooleanField(help_text="Whether your vote now stands")
    votes = serializers.IntegerField()


class IdeaPromoteInputSerializer(serializers.Serializer):
    client = serializers.UUIDField(help_text="The client company the project is for")
    title = serializers.CharField(required=False, help_text="The project's title; the idea's by default")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class IdeaPromotedSerializer(serializers.Serializer):
    project = serializers.UUIDField()
    brief = serializers.UUIDField()
    brief_version = serializers.IntegerField()


# --- Briefs -----------------------------------------------------------------------------------


class BriefKpiSerializer(serializers.ModelSerializer):
    unit = serializers.SerializerMethodField(help_text="%, views, hours, … (currency: the brief's currency)")

    class Meta:
        model = BriefKpi
        fields = ["id", "key", "metric", "target", "unit", "due"]
        read_only_fields = fields

    def get_unit(self, row: BriefKpi) -> str:
        return METRIC_UNITS.get(row.metric, "")


class BriefPlatformSerializer(serializers.ModelSerializer):
    aspect_ratios = serializers.ListField(child=serializers.ChoiceField(choices=AspectRatio.choices))

    class Meta:
        model = BriefPlatform
        fields = ["id", "key", "platform", "ideal_runtime", "aspect_ratios", "notes"]
        read_only_fields = fields


class BriefMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = BriefMessage
        fields = ["id", "key", "text", "kind"]
        read_only_fields = fields


class BriefAssetSerializer(serializers.ModelSerializer):
    class Meta:
        model = BriefAsset
        fields = ["id", "key", "kind", "count", "aspect_ratio", "duration", "notes"]
        read_only_fields = fields


class BriefSignoffSerializer(serializers.ModelSerializer):
    class Meta:
        model = BriefSignoff
        fields = ["id", "by_name", "by_email", "note", "created_at"]
        read_only_fields = fields


class BriefVersionSerializer(serializers.ModelSerializer):
    project = serializers.UUIDField(source="brief.project_id", read_only=True)
    kpis = BriefKpiSerializer(many=True, read_only=True)
    platforms = BriefPlatformSerializer(many=True, read_only=True)
    messages = BriefMessageSerializer(many=True, read_only=True)
    assets = BriefAssetSerializer(many=True, read_only=True)
    signoffs = BriefSignoffSerializer(many=True, read_only=True)

    class Meta:
        model = BriefVersion
        fields = [
            "id", "brief", "project", "number", "summary", "objective", "audience", "budget", "currency", "deadline",
            "note", "created_by_name", "created_at", "kpis", "platforms", "messages", "assets", "signoffs",
        ]  # fmt: skip
        read_only_fields = fields


class BriefSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField(help_text="Every version's number, newest first")
    signed_off = serializers.SerializerMethodField(help_text="Whether the current version is signed off")

    class Meta:
        model = Brief
        fields = ["id", "project", "current", "versions", "signed_off", "created_at"]
        read_only_fields = fields

    def _versions(self, brief: Brief) -> list[BriefVersion]:
        return sorted(brief.versions.all(), key=lambda v: -v.number)

    def get_current(self, brief: Brief) -> dict | None:
        versions = self._versions(brief)
        return BriefVersionSerializer(versions[0], context=self.context).data if versions else None

    def get_versions(self, brief: Brief) -> list[int]:
        return [v.number for v in self._versions(brief)]

    def get_signed_off(self, brief: Brief) -> bool:
        versions = self._versions(brief)
        return bool(versions and versions[0].signoffs.all())


class BriefKpiInputSerializer(serializers.Serializer):
    key = serializers.UUIDField(required=False, allow_null=True, help_text="A kept row's key; leave out for a new one")
    metric = serializers.ChoiceField(choices=Metric.choices)
    target = serializers.DecimalField(max_digits=16, decimal_places=2)
    due = serializers.DateField(required=False, allow_null=True, default=None)


class BriefPlatformInputSerializer(serializers.Serializer):
    key = serializers.UUIDField(required=False, allow_null=True)
    platform = serializers.ChoiceField(choices=Platform.choices)
    ideal_runtime = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="Seconds")
    aspect_ratios = serializers.ListField(
        child=serializers.ChoiceField(choices=AspectRatio.choices), required=False, default=list
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class BriefMessageInputSerializer(serializers.Serializer):
    key = serializers.UUIDField(required=False, allow_null=True)
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    kind = serializers.ChoiceField(choices=BriefMessage.Kind.choices, required=False, default=BriefMessage.Kind.BOTH)


class BriefAssetInputSerializer(serializers.Serializer):
    key = serializers.UUIDField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=BriefAsset.Kind.choices)
    count = serializers.IntegerField(required=False, default=1)
    aspect_ratio = serializers.ChoiceField(choices=AspectRatio.choices, required=False, allow_blank=True, default="")
    duration = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="Seconds")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class BriefVersionInputSerializer(serializers.Serializer):
    """The whole brief as it should read: the rows not sent are not in the new version."""

    project = serializers.UUIDField()
    based_on = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="The number of the version you started from (0: none). If someone saved another since, "
        "nothing is saved and the answer says so (400, field based_on).",
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    objective = serializers.ChoiceField(choices=Objective.choices, required=False, allow_blank=True, default="")
    audience = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, default=None)
    currency = serializers.ChoiceField(choices=Currency.choices, required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    kpis = BriefKpiInputSerializer(many=True, required=False, default=list)
    platforms = BriefPlatformInputSerializer(many=True, required=False, default=list)
    messages = BriefMessageInputSerializer(many=True, required=False, default=list)
    assets = BriefAssetInputSerializer(many=True, required=False, default=list)


class BriefSignOffInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The number of the version you read: it must be the current one")
    note = serializers.CharField(required=False, allow_blank=True, default="")
