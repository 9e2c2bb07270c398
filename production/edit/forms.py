"""Forms of the edit pages. They only check shape; the services decide."""

from __future__ import annotations

from django import forms


class CutForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Cut title",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Director's cut, 30s social", "autocomplete": "off"}),
    )
    client_visible = forms.BooleanField(
        required=False,
        label="The client can watch its versions",
        help_text="Leave unticked while the cut is internal; you can upload first and share later "
        "with “Share with client” on the cut.",
    )


class CutShareForm(forms.Form):
    """Share a cut with the client, or make it team only again."""

    client_visible = forms.TypedChoiceField(
        choices=[("true", "Share with the client"), ("false", "Team only")],
        coerce=lambda value: value == "true",
        error_messages={
            "required": "Say whether the client can watch this cut (true) or not (false).",
            "invalid_choice": "Say whether the client can watch this cut: true or false, not “%(value)s”.",
        },
    )


class CutRenameForm(forms.Form):
    # Blank and too-long titles are refused by the service, with its own messages.
    title = forms.CharField(
        required=False,
        label="Cut title",
        widget=forms.TextInput(attrs={"required": True, "maxlength": 200, "autocomplete": "off"}),
    )
