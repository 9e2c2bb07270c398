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

    def __init__(self, *args, groups=(), dailies_target: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(label, group) for label, group in groups if group]
        material = [(OTHER, "Other material (music, graphics, references)")]
        if not dailies_target:  # else dailies go to a target's things (a shoot day, a shot)
            material.insert(0, (DAILIES, MediaAsset.Purpose.DAILY.label))
        choices.append(("Material", material))
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
