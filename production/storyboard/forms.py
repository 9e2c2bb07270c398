"""Forms of the storyboard pages. They only check shape; the services decide."""

from __future__ import annotations

from django import forms

from .models import Angle, Framing, Movement, ShotSize

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


class ShotForm(forms.Form):
    """A shot's fields; the brief's messages and assets are checkboxes (of the current brief, plus
    any the shot still names that the brief has dropped since)."""

    number = forms.CharField(
        required=False, max_length=12, label="Number", help_text="Left empty: the scene's next (12A, 12B…)."
    )
    scene = forms.ChoiceField(required=False, label="Scene")
    frame = forms.ChoiceField(required=False, label="Storyboard frame")
    description = forms.CharField(
        required=False, strip=False, label="Description", widget=forms.Textarea(attrs={"rows": 2})
    )
    shot_size = forms.ChoiceField(required=False, choices=_choices(ShotSize, "—"), label="Shot size")
    angle = forms.ChoiceField(required=False, choices=_choices(Angle, "—"), label="Angle")
    movement = forms.ChoiceField(required=False, choices=_choices(Movement, "—"), label="Movement")
    lens = forms.CharField(
        required=False, max_length=40, label="Lens", widget=forms.TextInput(attrs={"placeholder": "35mm"})
    )
    framing = forms.ChoiceField(choices=Framing.choices, initial=Framing.LANDSCAPE, label="Framing")
    location = forms.CharField(required=False, max_length=300, label="Location")
    cast = forms.CharField(required=False, max_length=500, label="Cast")
    setup_minutes = forms.CharField(
        required=False, label="Setup (minutes)", widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    shoot_minutes = forms.CharField(
        required=False, label="Shooting (minutes)", widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    message_keys = forms.MultipleChoiceField(
        required=False, label="Mandatory messages it covers", widget=forms.CheckboxSelectMultiple
    )
    asset_keys = forms.MultipleChoiceField(
        required=False, label="Required assets it serves", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, scenes=(), current_version_id=None, frames=(), messages=(), assets=(), shot=None,
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["scene"].choices = [
            ("", "No scene"),
            *((str(s.pk), scene_label(s, current_version_id)) for s in scenes),
        ]
        self.fields["frame"].choices = [
            ("", "No frame"),
            *((str(f.pk), frame_label(f)) for f in frames),
        ]
        gone = " (no longer in the brief)"
        message_choices = [(m.key, m.text) for m in messages]
        asset_choices = [(a.key, a.label) for a in assets]
        if shot is not None:
            message_choices += [(k, f"A message{gone}") for k in shot.message_keys if k not in dict(message_choices)]
            asset_choices += [(k, f"An asset{gone}") for k in shot.asset_keys if k not in dict(asset_choices)]
        self.fields["message_keys"].choices = message_choices
        self.fields["asset_keys"].choices = asset_choices
        if not message_choices:
            del self.fields["message_keys"]
        if not asset_choices:
            del self.fields["asset_keys"]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name, []) if name.endswith("_keys") else data[name] for name in SHOT_FORM_FIELDS
                if name in self.fields}  # fmt: skip


SHOT_FORM_FIELDS = ("number", "scene", "frame", "description", "shot_size", "angle", "movement", "lens", "framing",
                    "location", "cast", "setup_minutes", "shoot_minutes", "message_keys", "asset_keys")  # fmt: skip


def frame_label(frame) -> str:
    label = f"Frame {frame.number}"
    if frame.shot_size:
        label += f" ({frame.shot_size})"
    if frame.scene_id:
        label += f" · {frame.scene.number}. {frame.scene.heading}"[:90]
    return label
