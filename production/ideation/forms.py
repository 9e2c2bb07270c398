"""Forms of the ideas board and the brief. They check shape; the services decide (their
``…_check`` rules come back on the same submit).

The brief's rows are edited as Django formsets, one per kind (KPIs, platforms, messages,
required assets), each row carrying its stable ``key`` in a hidden field. Plain formsets rather
than ``inlineformset_factory``: a save never edits rows in place (every save is a new version,
made by ``services.brief_save``), so there is no instance to bind the rows to."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

from projects.forms import DateInput, ServiceRulesForm

from . import services
from .models import (
    METRIC_UNITS,
    ROW_TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    AspectRatio,
    BriefAsset,
    BriefMessage,
    Currency,
    Idea,
    Metric,
    Objective,
    Platform,
)

# --- Ideas ------------------------------------------------------------------------------------


class IdeaForm(ServiceRulesForm):
    organization = forms.ModelChoiceField(queryset=None, label="Studio", empty_label=None)
    title = forms.CharField(required=False, max_length=400)
    pitch = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": "The idea in a few sentences: what we see, why it works"}
        ),
    )
    format = forms.CharField(
        required=False, max_length=240, widget=forms.TextInput(attrs={"placeholder": "A 30 s social spot, a series…"})
    )
    platforms = forms.MultipleChoiceField(
        required=False, choices=Platform.choices, widget=forms.CheckboxSelectMultiple, label="Target platforms"
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations
        self.fields["title"].widget.attrs["required"] = True

    def service_checks(self, cleaned: dict) -> dict[str, str]:
        return services.idea_check(
            title=cleaned.get("title", ""),
            pitch=cleaned.get("pitch", ""),
            format=cleaned.get("format", ""),
            platforms=cleaned.get("platforms", []),
        )


class IdeaFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "All"), *Idea.Status.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["invalid_choice"] = "There is no idea status called “%(value)s”."


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in Idea.Status if s != Idea.Status.PROMOTED],
    )


class IdeaCommentForm(forms.Form):
    text = forms.CharField(
        required=False,  # the service says "Write the comment." itself
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What do you think?"}),
    )


class PromoteForm(forms.Form):
    client = forms.ModelChoiceField(queryset=None, empty_label="Choose a client")
    title = forms.CharField(max_length=400, help_text="The project's title; the idea's title unless you change it.")
    due_date = forms.DateField(required=False, widget=DateInput())

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["client"].error_messages["invalid_choice"] = "That client is not one of this studio's."


# --- The brief --------------------------------------------------------------------------------


class BriefForm(forms.Form):
    based_on = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)  # the version edited
    summary = forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        label="The idea",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "What the video is, in a few sentences"}),
    )
    objective = forms.ChoiceField(required=False, choices=[("", "Choose an objective"), *Objective.choices],
                                  label="Marketing objective")  # fmt: skip
    audience = forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        label="Target audience",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Who it is for: age, interests, where they watch"}),
    )
    budget = forms.DecimalField(required=False, min_value=0, max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(required=False, choices=[("", "—"), *Currency.choices])
    deadline = forms.DateField(required=False, widget=DateInput())
    note = forms.CharField(
        required=False,
        max_length=ROW_TEXT_MAX_LENGTH,
        label="What changed",
        widget=forms.TextInput(attrs={"placeholder": "A line for the history: “New KPI for the launch week”"}),
    )


class RowForm(forms.Form):
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class KpiForm(RowForm):
    metric = forms.ChoiceField(choices=[("", "Choose a metric"), *Metric.choices])
    target = forms.DecimalField(
        max_digits=16, decimal_places=2, widget=forms.NumberInput(attrs={"step": "any", "min": "0"})
    )
    due = forms.DateField(required=False, widget=DateInput(), label="By")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].widget.attrs["data-units"] = " ".join(f"{m}={u}" for m, u in METRIC_UNITS.items())


class PlatformForm(RowForm):
    platform = forms.ChoiceField(choices=[("", "Choose a platform"), *Platform.choices])
    ideal_runtime = forms.IntegerField(required=False, min_value=1, label="Ideal runtime (s)")
    aspect_ratios = forms.MultipleChoiceField(
        required=False, choices=AspectRatio.choices, widget=forms.CheckboxSelectMultiple, label="Aspect ratios"
    )
    notes = forms.CharField(required=False, max_length=ROW_TEXT_MAX_LENGTH)


class MessageForm(RowForm):
    text = forms.CharField(
        max_length=ROW_TEXT_MAX_LENGTH,
        label="Must be said or shown",
        widget=forms.TextInput(attrs={"placeholder": "“Free returns for 60 days”, the logo in the last 3 s"}),
    )
    kind = forms.ChoiceField(choices=BriefMessage.Kind.choices, initial=BriefMessage.Kind.BOTH, label="How")


class AssetForm(RowForm):
    kind = forms.ChoiceField(choices=[("", "Choose a kind"), *BriefAsset.Kind.choices])
    count = forms.IntegerField(min_value=1, initial=1)
    aspect_ratio = forms.ChoiceField(required=False, choices=[("", "—"), *AspectRatio.choices], label="Aspect ratio")
    duration = forms.IntegerField(required=False, min_value=1, label="Duration (s)")
    notes = forms.CharField(required=False, max_length=ROW_TEXT_MAX_LENGTH)


ROW_FORMSETS = {
    "kpis": formset_factory(KpiForm, extra=1, can_delete=True, max_num=services.MAX_ROWS, validate_max=True),
    "platforms": formset_factory(PlatformForm, extra=1, can_delete=True, max_num=services.MAX_ROWS, validate_max=True),
    "messages": formset_factory(MessageForm, extra=1, can_delete=True, max_num=services.MAX_ROWS, validate_max=True),
    "assets": formset_factory(AssetForm, extra=1, can_delete=True, max_num=services.MAX_ROWS, validate_max=True),
}
ROW_TITLES = {
    "kpis": (
        "KPIs",
        "Each with a numeric target in the metric's unit (% for rates, hours of watch time, seconds of average "
        "view duration, the budget's currency per view) and the date it should be reached by.",
    ),
    "platforms": ("Platforms and guardrails", "Where it runs, its ideal runtime and the aspect ratios delivered."),
    "messages": ("Mandatory messages", "What must be said or shown. The shot list and the review page refer to these."),
    "assets": ("Required assets", "What is cut from it for repurposing: cutdowns, bumpers, thumbnails…"),
}


def row_initial(version) -> dict[str, list[dict]]:
    """The rows of ``version`` as the formsets' initial data (keys included), or none."""
    content = services.content_of(version)
    return {kind: content[kind] if content else [] for kind in ROW_FORMSETS}


def kept_rows(formset) -> tuple[list[dict], list]:
    """The rows a valid formset keeps (not deleted, not left blank), and their forms, in order:
    a service error about row N belongs to the N-th of those forms."""
    rows, forms_ = [], []
    for form in formset.forms:
        if not form.has_changed() and not form.initial:
            continue  # an extra row left blank
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
        forms_.append(form)
    return rows, forms_


def brief_forms(data=None, *, version=None) -> tuple[BriefForm, dict]:
    """The brief's form and its row formsets, bound to ``data`` or filled from ``version``."""
    initial = {"based_on": 0}
    if version is not None:
        initial = {
            "based_on": version.number,
            "summary": version.summary,
            "objective": version.objective,
            "audience": version.audience,
            "budget": version.budget,
            "currency": version.currency,
            "deadline": version.deadline,
        }
    rows = row_initial(version)
    form = BriefForm(data, initial=initial)
    formsets = {kind: factory(data, initial=rows[kind], prefix=kind) for kind, factory in ROW_FORMSETS.items()}
    return form, formsets
