"""Output and input shapes of the shoot stage's API (no business logic). What a reader may see of
a person or an item is ``selectors.private_fields_visible``: the private fields are left out of
the body, not blanked."""

from __future__ import annotations

from rest_framework import serializers

from production.shoot import selectors
from production.shoot.models import (
    BudgetCategory,
    BudgetLine,
    CallSheetRecipient,
    Department,
    Equipment,
    Location,
    Person,
    ShootDay,
)


class _PrivateFieldsMixin:
    """Drops ``private_fields`` for a reader who is not a producer of the row's project."""

    private_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not selectors.private_fields_visible(request.user, instance.project):
            for name in self.private_fields:
                data.pop(name, None)
        return data


class LocationSerializer(serializers.ModelSerializer):
    permit_state = serializers.SerializerMethodField(help_text="'', ok, soon (within 14 days) or expired.")
    map_url = serializers.CharField(read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Location
        fields = ["id", "project", "name", "address", "contact_name", "contact_phone", "contact_email",
                  "permit_reference", "permit_expires", "permit_state", "notes", "map_url", "photos", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = fields

    def get_permit_state(self, location) -> str:
        from django.utils import timezone

        return location.permit_state(timezone.localdate())

    def get_photos(self, location) -> list[dict]:
        from django.urls import reverse

        request = self.context.get("request")

        def url(photo):
            path = reverse("shoot-location-photo", kwargs={"locationphoto_id": photo.pk})
            return request.build_absolute_uri(path) if request else path

        return [{"id": str(p.pk), "caption": p.caption, "url": url(p)} for p in location.photos.all()]


class LocationInputSerializer(serializers.Serializer):
    project = serializers.UUIDField(required=False, help_text="Creating: the location's project.")
    name = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    contact_name = serializers.CharField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    contact_email = serializers.CharField(required=False, allow_blank=True)
    permit_reference = serializers.CharField(required=False, allow_blank=True)
    permit_expires = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class PersonSerializer(_PrivateFieldsMixin, serializers.ModelSerializer):
    private_fields = selectors.PRIVATE_PERSON_FIELDS

    class Meta:
        model = Person
        fields = ["id", "project", "name", "role", "department", *selectors.PRIVATE_PERSON_FIELDS, "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = fields


class PersonInputSerializer(serializers.Serializer):
    project = serializers.UUIDField(required=False, help_text="Creating: the person's project.")
    name = serializers.CharField(required=False, allow_blank=True)
    role = serializers.CharField(required=False, allow_blank=True)
    department = serializers.ChoiceField(choices=Department.choices, required=False)
    email = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    day_rate = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    dietary = serializers.CharField(required=False, allow_blank=True)
    access_notes = serializers.CharField(required=False, allow_blank=True)


class EquipmentSerializer(_PrivateFieldsMixin, serializers.ModelSerializer):
    private_fields = ("cost",)

    class Meta:
        model = Equipment
        fields = ["id", "project", "item", "quantity", "owner", "cost", "created_at", "updated_at"]
        read_only_fields = fields


class EquipmentInputSerializer(serializers.Serializer):
    project = serializers.UUIDField(required=False, help_text="Creating: the item's project.")
    item = serializers.CharField(required=False, allow_blank=True)
    quantity = serializers.IntegerField(required=False)
    owner = serializers.CharField(required=False, allow_blank=True)
    cost = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)


class BudgetLineSerializer(serializers.ModelSerializer):
    over = serializers.BooleanField(read_only=True, help_text="The actual cost is above the estimate.")

    class Meta:
        model = BudgetLine
        fields = ["id", "project", "category", "description", "estimate", "actual", "over", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = fields


class BudgetLineInputSerializer(serializers.Serializer):
    project = serializers.UUIDField(required=False, help_text="Creating: the line's project.")
    category = serializers.ChoiceField(choices=BudgetCategory.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    estimate = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    actual = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)


class BudgetSummarySerializer(serializers.Serializer):
    estimate = serializers.DecimalField(max_digits=14, decimal_places=2)
    actual = serializers.DecimalField(max_digits=14, decimal_places=2)
    ceiling = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    over_budget = serializers.BooleanField()


class CallSerializer(serializers.Serializer):
    person = serializers.UUIDField(source="person_id")
    name = serializers.CharField(source="person.name")
    role = serializers.CharField(source="person.role")
    call_time = serializers.TimeField(source="effective_call_time", format="%H:%M")
    own_call_time = serializers.BooleanField(source="call_time", help_text="True when not the day's call.")
    note = serializers.CharField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["own_call_time"] = instance.call_time is not None
        return data


class ShootDaySerializer(serializers.ModelSerializer):
    call_time = serializers.TimeField(format="%H:%M")
    wrap_time = serializers.TimeField(format="%H:%M")
    starts_at = serializers.DateTimeField(read_only=True, help_text="The call as an instant (UTC).")
    ends_at = serializers.DateTimeField(read_only=True, help_text="The wrap estimate as an instant (UTC).")
    length_minutes = serializers.SerializerMethodField()
    locations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    calls = serializers.SerializerMethodField()

    class Meta:
        model = ShootDay
        fields = ["id", "project", "date", "call_time", "wrap_time", "time_zone", "starts_at", "ends_at",
                  "length_minutes", "locations", "calls", "weather", "hospital", "notes", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = fields

    def get_length_minutes(self, day) -> int:
        return int(day.length.total_seconds() // 60)

    def get_calls(self, day) -> list[dict]:
        return CallSerializer(selectors.calls_of(day), many=True).data


class CallInputSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    call_time = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="HH:MM; empty: the day's."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ShootDayInputSerializer(serializers.Serializer):
    """A shoot day (send only what changes when you PATCH; ``calls`` and ``locations`` replace the
    whole list)."""

    project = serializers.UUIDField(required=False, help_text="Creating: the day's project.")
    date = serializers.CharField(required=False, help_text="YYYY-MM-DD")
    call_time = serializers.CharField(required=False, help_text="HH:MM, local to the day's time zone")
    wrap_time = serializers.CharField(required=False, help_text="HH:MM; before the call means the next day")
    time_zone = serializers.CharField(required=False, allow_blank=True)
    locations = serializers.ListField(child=serializers.UUIDField(), required=False)
    calls = CallInputSerializer(many=True, required=False)
    weather = serializers.CharField(required=False, allow_blank=True)
    hospital = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    notes = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class RecipientSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name")
    status = serializers.CharField(read_only=True, help_text="queued, sent, opened or confirmed")

    class Meta:
        model = CallSheetRecipient
        fields = ["person", "name", "revision", "status", "sent_at", "opened_at", "confirmed_at"]
        read_only_fields = fields


class CallSheetStatusSerializer(serializers.Serializer):
    revision = serializers.IntegerField(help_text="0: never sent; 2 and more: revised.")
    sent_at = serializers.DateTimeField(allow_null=True)
    revised = serializers.BooleanField()
    recipients = RecipientSerializer(many=True, help_text="Producers only: the current revision's copies.")
    not_sent = serializers.ListField(child=serializers.CharField(), help_text="Names called but without this revision.")
