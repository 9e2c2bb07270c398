"""Forms of the media pages. They only check shape; the services decide."""

from __future__ import annotations

from django import forms

from .models import MediaAsset

DAILIES = "daily"
OTHER = "other"


class UploadDestinationForm(forms.Form):
    """Where the files go: one of a registered target's things (a cut: each file becomes its next
    version), dailies, or other material. ``groups`` are the targets' (label, choices)."""

    destination = forms.ChoiceField(label="Upload to")

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(label, group) for label, group in groups if group]
        choices.append(
            (
                "Material",
                [(DAILIES, MediaAsset.Purpose.DAILY.label), (OTHER, "Other material (music, graphics, references)")],
            )
        )
        self.fields["destination"].choices = choices
        self.fields["destination"].widget.attrs["data-destination"] = ""


class AssetRenameForm(forms.Form):
    title = forms.CharField(
        required=False,
        label="Title",
        widget=forms.TextInput(attrs={"maxlength": 200, "autocomplete": "off"}),
        help_text="What the team calls this file. The original file name stays for the download; "
        "leave blank to show the file name.",
    )
