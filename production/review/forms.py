"""Forms of the review page. They only check shape; the services decide."""

from __future__ import annotations

from django import forms

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
        help_text="None ticked: every reviewer of the client invited to this project.",
    )  # fmt: skip
    two_rounds = forms.BooleanField(
        required=False, label="Two rounds: the team approves first, then the client",
    )  # fmt: skip

    def __init__(self, *args, cuts, team, client_reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["master_cut"].queryset = cuts
        self.fields["lead"].queryset = team
        self.fields["lead"].label_from_instance = lambda user: user.display_name
        self.fields["approvers"].queryset = client_reviewers
        self.fields["approvers"].label_from_instance = lambda user: f"{user.display_name} ({user.email})"
