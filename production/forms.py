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
        help_text="Leave unticked while the cut is internal; you can upload first and share later.",
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
