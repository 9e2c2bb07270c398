"""Forms of the storyboard pages. They only check shape; the services decide."""

from __future__ import annotations

from django import forms

from .models import Angle, Movement, ShotSize

FILE_MAX_BYTES = 2 * 1024 * 1024  # a feature screenplay in Fountain is about 200 kB


class ScriptImportForm(forms.Form):
    file = forms.FileField(
        label="Fountain file",
        help_text="A .fountain screenplay (Highland, Slugline, Fade In, WriterSolo and Final Draft export it).",
        widget=forms.ClearableFileInput(attrs={"accept": ".fountain,.spmd,.txt,text/plain"}),
        error_messages={"required": "Choose a .fountain file to import.", "empty": "The file is empty."},
    )
    note = forms.CharField(required=False, max_length=500, label="What changed")


class ScriptEditForm(forms.Form):
    text = forms.CharField(
        required=False,  # an empty script is refused by the service, with its own message
        strip=False,
        label="Script (Fountain)",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true", "class": "fountain-editor"}),
    )
    note = forms.CharField(required=False, max_length=500, label="What changed")


def _choices(choices, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *choices.choices]


def scene_label(scene, current_version_id) -> str:
    label = f"{scene.number}. {scene.heading}"
    if scene.version_id != current_version_id:
        label += f" (script v{scene.version.number}; not in the current version)"
    return label


class FrameForm(forms.Form):
    """A frame's fields; the picture comes as an upload or a still of a reference video."""

    scene = forms.ChoiceField(required=False, label="Scene")
    shot_size = forms.ChoiceField(required=False, choices=_choices(ShotSize, "—"), label="Shot size")
    angle = forms.ChoiceField(required=False, choices=_choices(Angle, "—"), label="Angle")
    movement = forms.ChoiceField(required=False, choices=_choices(Movement, "—"), label="Movement")
    duration = forms.CharField(
        required=False, label="Duration (seconds)", widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    dialogue = forms.CharField(
        required=False, strip=False, label="Dialogue or VO", widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(required=False, strip=False, label="Notes", widget=forms.Textarea(attrs={"rows": 3}))
    image = forms.FileField(
        required=False, label="Picture", widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    still_of = forms.ChoiceField(required=False, label="…or a still of a reference video")
    still_timecode = forms.CharField(
        required=False, label="at timecode", widget=forms.TextInput(attrs={"placeholder": "00:00:04:12 or 4.5"})
    )

    def __init__(self, *args, scenes=(), current_version_id=None, videos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scene"].choices = [
            ("", "No scene"),
            *((str(s.pk), scene_label(s, current_version_id)) for s in scenes),
        ]
        self.fields["still_of"].choices = [("", "—"), *((str(v.pk), v.display_name) for v in videos)]
        if not videos:
            del self.fields["still_of"], self.fields["still_timecode"]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name] for name in ("scene", "shot_size", "angle", "movement", "duration", "dialogue", "notes")
        }


class FrameCommentForm(forms.Form):
    text = forms.CharField(
        required=False, strip=False, label="Comment", widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000})
    )
