"""Forms of the production pages. They only check shape; the services decide."""

from __future__ import annotations

from django import forms

from .models import MediaAsset

DAILIES = "daily"
OTHER = "other"


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


class UploadDestinationForm(forms.Form):
    """Where the files go: a cut (each file becomes its next version), dailies, or other material."""

    destination = forms.ChoiceField(label="Upload to")

    def __init__(self, *args, cuts=(), **kwargs):
        super().__init__(*args, **kwargs)
        cut_choices = [(f"cut:{cut.pk}", f"{cut.title} — next version v{(cut.last_number or 0) + 1}") for cut in cuts]
        choices = []
        if cut_choices:
            choices.append(("A new version of a cut", cut_choices))
        choices.append(
            (
                "Material",
                [(DAILIES, MediaAsset.Purpose.DAILY.label), (OTHER, "Other material (music, graphics, references)")],
            )
        )
        self.fields["destination"].choices = choices
        self.fields["destination"].widget.attrs["data-destination"] = ""


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


class AssetRenameForm(forms.Form):
    title = forms.CharField(
        required=False,
        label="Title",
        widget=forms.TextInput(attrs={"maxlength": 200, "autocomplete": "off"}),
        help_text="What the team calls this file. The original file name stays for the download; "
        "leave blank to show the file name.",
    )
