"""Forms of the edit pages. They only check shape; the services decide."""

from __future__ import annotations

from django import forms

from .models import PostTask


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


class PostTaskForm(forms.Form):
    """A post-production task. ``assignees``: the team; ``tasks``: the project's other tasks."""

    title = forms.CharField(
        required=False,
        label="Task",
        widget=forms.TextInput(
            attrs={"required": True, "maxlength": 200, "autocomplete": "off", "placeholder": "e.g. Final mix, 5.1"}
        ),
    )
    kind = forms.ChoiceField(label="Kind of work", choices=PostTask.Kind.choices)
    assignee = forms.ModelChoiceField(queryset=None, required=False, label="Who", empty_label="Nobody yet")
    due_date = forms.DateField(required=False, label="Due", widget=forms.DateInput(attrs={"type": "date"}))
    depends_on = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Waits on",
        widget=forms.CheckboxSelectMultiple,
        help_text="It can start when these are done.",
    )
    notes = forms.CharField(required=False, label="Notes", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, assignees, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["depends_on"].queryset = tasks
        self.fields["assignee"].label_from_instance = lambda user: user.display_name
        self.fields["depends_on"].label_from_instance = lambda task: f"{task.title} ({task.get_status_display()})"
        if not tasks.exists():
            del self.fields["depends_on"]


class PostTaskMoveForm(forms.Form):
    status = forms.ChoiceField(choices=PostTask.Status.choices)
