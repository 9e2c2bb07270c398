"""Forms of the shoot pages. They only shape input (types, choices of the project's own rows);
the services decide."""

from __future__ import annotations

from django import forms

from projects.forms import DateInput
from projects.models import TIME_ZONE_CHOICES

from .models import BudgetCategory, Department


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class _Form(forms.Form):
    """The shoot page holds several forms: each names its inputs' ids after itself, so a label
    points at its own form's field."""

    ids = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.ids}_%s")
        super().__init__(*args, **kwargs)


def _text(label: str, *, rows: int = 0, required: bool = False, max_length: int = 200, **attrs) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs or None)
    return forms.CharField(label=label, required=required, max_length=max_length if not rows else None, widget=widget)


class LocationForm(_Form):
    ids = "location"
    name = _text("Name", required=True)
    address = _text("Address", rows=2)
    contact_name = _text("Contact person")
    contact_phone = _text("Contact's phone", max_length=50, inputmode="tel")
    contact_email = forms.EmailField(label="Contact's email", required=False)
    permit_reference = _text("Permit reference")
    permit_expires = forms.DateField(label="Permit expires", required=False, widget=DateInput())
    notes = _text("Notes", rows=2)


class PhotoForm(_Form):
    ids = "photo"
    photo = forms.FileField(
        label="Photo", widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        error_messages={"required": "Choose a photo to upload.", "empty": "The file is empty."},
    )  # fmt: skip
    caption = _text("Caption")


class PersonForm(_Form):
    ids = "person"
    name = _text("Name", required=True)
    role = _text("Role", placeholder="Gaffer, or the part they play")
    department = forms.ChoiceField(label="Department", choices=Department.choices, initial=Department.OTHER)
    email = forms.EmailField(label="Email", required=False)
    phone = _text("Phone", max_length=50, inputmode="tel")
    day_rate = forms.DecimalField(label="Day rate", required=False, min_value=0, decimal_places=2, max_digits=10)
    dietary = _text("Dietary needs", max_length=500)
    access_notes = _text("Access needs", max_length=500)


class EquipmentForm(_Form):
    ids = "equipment"
    item = _text("Item", required=True)
    quantity = forms.IntegerField(label="Quantity", min_value=1, initial=1)
    owner = _text("Owner or rental house")
    cost = forms.DecimalField(label="Cost", required=False, min_value=0, decimal_places=2, max_digits=10)


class BudgetLineForm(_Form):
    ids = "budget"
    category = forms.ChoiceField(label="Category", choices=BudgetCategory.choices)
    description = _text("Description", required=True, max_length=300)
    estimate = forms.DecimalField(label="Estimate", min_value=0, decimal_places=2, max_digits=12)
    actual = forms.DecimalField(label="Actual", required=False, min_value=0, decimal_places=2, max_digits=12)


class SettingsForm(_Form):
    ids = "settings"
    budget_ceiling = forms.DecimalField(
        label="Budget ceiling", required=False, min_value=0, decimal_places=2, max_digits=12,
        help_text="The most the shoot may cost, when the creative brief gives no budget (the brief's wins).",
    )  # fmt: skip
    currency = _text("Currency", required=True, max_length=3)
    time_zone = forms.ChoiceField(label="Time zone of new shoot days", choices=TIME_ZONE_CHOICES)


class ShootDayForm(_Form):
    """The day, its places, and who is called: a row per person of the project (called or not,
    their own call time — empty is the day's — and a note)."""

    ids = "day"

    date = forms.DateField(label="Date", widget=DateInput())
    call_time = forms.TimeField(label="Call", widget=TimeInput())
    wrap_time = forms.TimeField(label="Wrap (estimate)", widget=TimeInput(), help_text="Before the call: the next day.")
    time_zone = forms.ChoiceField(label="Time zone", choices=TIME_ZONE_CHOICES)
    locations = forms.MultipleChoiceField(label="Locations", required=False, widget=forms.CheckboxSelectMultiple)
    weather = _text("Weather", max_length=300, placeholder="Sunrise 06:41, 9 to 17 °C, dry")
    hospital = _text("Nearest hospital", rows=2, placeholder="Name, address, phone")
    notes = _text("Notes", rows=3)

    def __init__(self, *args, locations=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].choices = [(str(loc.pk), loc.name) for loc in locations]
        self.people = list(people)
        for person in self.people:
            key = person.pk.hex
            self.fields[f"called_{key}"] = forms.BooleanField(
                label=f"Call {person.name}", required=False,
                widget=forms.CheckboxInput(attrs={"aria-label": f"Call {person.name}"}),
            )  # fmt: skip
            self.fields[f"calltime_{key}"] = forms.TimeField(
                label=f"Call time of {person.name}", required=False,
                widget=TimeInput(attrs={"aria-label": f"Call time of {person.name}"}),
            )  # fmt: skip
            self.fields[f"callnote_{key}"] = forms.CharField(
                label=f"Note for {person.name}", required=False, max_length=300,
                widget=forms.TextInput(attrs={"aria-label": f"Note for {person.name}"}),
            )  # fmt: skip

    def call_rows(self):
        return [
            (
                person,
                self[f"called_{person.pk.hex}"],
                self[f"calltime_{person.pk.hex}"],
                self[f"callnote_{person.pk.hex}"],
            )
            for person in self.people
        ]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        calls = [
            {
                "person": p.pk,
                "call_time": data.get(f"calltime_{p.pk.hex}") or "",
                "note": data.get(f"callnote_{p.pk.hex}", ""),
            }
            for p in self.people
            if data.get(f"called_{p.pk.hex}")
        ]
        fields = {
            name: data[name] for name in ("date", "call_time", "wrap_time", "time_zone", "weather", "hospital", "notes")
        }
        return {**fields, "locations": data["locations"], "calls": calls}

    @staticmethod
    def initial_of(day, calls) -> dict:
        initial = {
            "date": day.date, "call_time": day.call_time, "wrap_time": day.wrap_time, "time_zone": day.time_zone,
            "locations": [str(loc.pk) for loc in day.locations.all()], "weather": day.weather,
            "hospital": day.hospital, "notes": day.notes,
        }  # fmt: skip
        for call in calls:
            key = call.person_id.hex
            initial[f"called_{key}"] = True
            initial[f"calltime_{key}"] = call.call_time
            initial[f"callnote_{key}"] = call.note
        return initial
