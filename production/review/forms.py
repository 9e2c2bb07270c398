"""Forms of the review page. They only check shape; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from production.edit.models import Version

from .models import Approval


class CommentForm(forms.Form):
    text = forms.CharField(
        required=False,  # the service says "Write a comment." with every other problem at once
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What should change at this frame?"}),
    )
    frame = forms.IntegerField(required=False, widget=forms.HiddenInput(attrs={"data-comment-frame": ""}))
    end_frame = forms.IntegerField(required=False, widget=forms.HiddenInput(attrs={"data-comment-end": ""}))
    internal = forms.BooleanField(required=False, label="Team only (the client does not see it)")
    drawing = forms.JSONField(required=False, widget=forms.HiddenInput(attrs={"data-comment-drawing": ""}))


class ReplyForm(forms.Form):
    text = forms.CharField(required=False, label="Reply", widget=forms.Textarea(attrs={"rows": 2}))


class ResolveForm(forms.Form):
    resolved = forms.TypedChoiceField(
        choices=[("true", "Resolve"), ("false", "Reopen")], coerce=lambda value: value == "true"
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Approval.Decision.choices)
    note = forms.CharField(
        required=False,
        label="Note",
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": "Optional: what still has to change, or a word of thanks"}
        ),
    )
    unmarked_ok = forms.BooleanField(required=False, label="Approve although they are not marked")


class ReviewPolicyForm(forms.Form):
    """Who approves a project's versions. The choices are the project's people; the service checks."""

    master_cut = forms.ModelChoiceField(
        queryset=None, required=False, label="Master cut", empty_label="— the project's only cut —",
        help_text="Planning starts once a version of this cut is approved.",
    )  # fmt: skip
    lead = forms.ModelChoiceField(
        queryset=None, required=False, label="Approves for the team", empty_label="Any producer",
    )  # fmt: skip
    approvers = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label="Approve for the client", widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every reviewer of the client invited to this project, and the guests of review "
        "links that may approve. Ticked: only these people (review links then cannot approve).",
    )  # fmt: skip
    two_rounds = forms.BooleanField(
        required=False, label="Two rounds: the team approves first, then the client",
    )  # fmt: skip

    def __init__(self, *args, cuts, team, client_reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["master_cut"].queryset = cuts
        if cuts.count() != 1:
            self.fields["master_cut"].empty_label = "— choose the master cut —"
        self.fields["lead"].queryset = team
        self.fields["lead"].label_from_instance = lambda user: user.display_name
        self.fields["approvers"].queryset = client_reviewers
        self.fields["approvers"].label_from_instance = lambda user: f"{user.display_name} ({user.email})"


class UnlockForm(forms.Form):
    password = forms.CharField(required=False, label="Password", widget=forms.PasswordInput(attrs={"autofocus": True}))


class GuestForm(forms.Form):
    name = forms.CharField(
        required=False, label="Your name", max_length=400, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.CharField(
        required=False, label="Your email", max_length=400, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ShareLinkForm(forms.Form):
    """A new review link. The date an expiry is given as is the last day it works (in the
    producer's time zone); the service checks the rest."""

    name = forms.CharField(required=False, label="For whom", max_length=400,
                           widget=forms.TextInput(attrs={"placeholder": "e.g. Acme marketing team"}))  # fmt: skip
    versions = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label="Versions", widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every version of the cut, opening on the newest (later uploads included).",
    )  # fmt: skip
    password = forms.CharField(required=False, label="Password", widget=forms.PasswordInput(render_value=False),
                               help_text="Optional. Send it separately from the link.")  # fmt: skip
    expires_on = forms.DateField(required=False, label="Works until", widget=forms.DateInput(attrs={"type": "date"}))
    can_comment = forms.BooleanField(required=False, initial=True, label="Comment")
    can_download = forms.BooleanField(required=False, label="Download the file")
    can_approve = forms.BooleanField(required=False, label="Approve or request changes")
    watermark = forms.BooleanField(required=False, label="Burn each viewer's name and email into the picture")

    def __init__(self, *args, versions, may_approve: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["versions"].queryset = Version.objects.filter(pk__in=[v.pk for v in versions]).order_by("-number")
        self.fields["versions"].label_from_instance = lambda v: f"v{v.number}"
        if not may_approve:
            del self.fields["can_approve"]

    def clean(self):
        data = super().clean()
        day = data.pop("expires_on", None)
        data["expires_at"] = (
            timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)), timezone.get_current_timezone())
            if day
            else None
        )
        data["versions"] = list(data.get("versions") or [])
        return data
