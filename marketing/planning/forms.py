"""Forms of the campaign. They check shape; the services decide (``campaign_check`` comes back on the
same submit). The rows are plain formsets with their key in a hidden field, as the brief's are
(``production.ideation.forms``: the same row template, ``kept_rows`` and ``formset.js``)."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

from production.ideation.forms import KpiForm as BriefKpiForm
from production.ideation.forms import RowForm, kept_rows  # noqa: F401 - kept_rows is the views'
from production.ideation.models import Currency, Objective

from . import services
from .models import CLIENT_FIELDS, ROW_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH, CampaignChannel
from .presets import PRESET_CHOICES


class CampaignForm(forms.Form):
    based_on = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    objective = forms.ChoiceField(required=False, choices=[("", "Choose an objective"), *Objective.choices],
                                  label="Marketing objective")  # fmt: skip
    audience = forms.CharField(
        required=False, max_length=TEXT_MAX_LENGTH, label="Target audience", widget=forms.Textarea(attrs={"rows": 3})
    )
    budget = forms.DecimalField(required=False, min_value=0, max_digits=14, decimal_places=2, label="Media budget")
    currency = forms.ChoiceField(required=False, choices=[("", "—"), *Currency.choices])
    paid_percent = forms.IntegerField(
        min_value=0, max_value=100, initial=0, label="Paid share (%)",
        widget=forms.NumberInput(attrs={"step": "1", "min": "0", "max": "100"}),
    )  # fmt: skip
    client_fields = forms.MultipleChoiceField(
        required=False, choices=CLIENT_FIELDS, widget=forms.CheckboxSelectMultiple, label="The client sees",
        help_text="KPIs and channels are shown to the client row by row (“Client sees it”).",
    )  # fmt: skip
    note = forms.CharField(
        required=False, max_length=ROW_TEXT_MAX_LENGTH, label="What changed",
        widget=forms.TextInput(attrs={"placeholder": "A line for the history: “TikTok moves to paid”"}),
    )  # fmt: skip


class CampaignKpiForm(BriefKpiForm):
    channel = forms.ChoiceField(required=False, choices=[("", "All channels"), *PRESET_CHOICES], label="On")
    client_visible = forms.BooleanField(required=False, label="Client sees it")
    brief_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ChannelForm(RowForm):
    preset = forms.ChoiceField(choices=[("", "Choose a platform"), *PRESET_CHOICES], label="Platform")
    mode = forms.ChoiceField(choices=CampaignChannel.Mode.choices, initial=CampaignChannel.Mode.ORGANIC, label="Media")
    notes = forms.CharField(required=False, max_length=ROW_TEXT_MAX_LENGTH)
    client_visible = forms.BooleanField(required=False, label="Client sees it")


ROW_FORMSETS = {
    "kpis": formset_factory(CampaignKpiForm, extra=1, can_delete=True, max_num=services.MAX_ROWS, validate_max=True),
    "channels": formset_factory(ChannelForm, extra=1, can_delete=True, max_num=services.MAX_ROWS, validate_max=True),
}
ROW_TITLES = {
    "kpis": ("KPI targets", "Each with its target in the metric's unit, the date, and the channel it is counted on."),
    "channels": ("Channels", "Where the campaign runs: each a platform preset, paid, organic or both."),
}


def campaign_forms(data=None, *, version=None) -> tuple[CampaignForm, dict]:
    initial = {"based_on": 0, "paid_percent": 0}
    rows = {"kpis": [], "channels": []}
    if version is not None:
        content = services.content_of(version)
        initial = {"based_on": version.number, **{k: content[k] for k in services.VERSION_FIELDS if k != "note"}}
        rows = {kind: content[kind] for kind in rows}
    form = CampaignForm(data, initial=initial)
    formsets = {kind: factory(data, initial=rows[kind], prefix=kind) for kind, factory in ROW_FORMSETS.items()}
    return form, formsets
