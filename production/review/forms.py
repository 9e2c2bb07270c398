"""Forms of the review page. They only check shape; the services decide."""

from __future__ import annotations

from django import forms


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
