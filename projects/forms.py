"""Forms of the server-rendered pages.

Forms parse and shape input (types, choices scoped to what the user may pick); the rules
live in ``services``, whose ``ValidationError`` messages are put back on the form with
``add_service_errors``. A ``ServiceRulesForm`` also asks the services' checks in ``clean()``,
so one submit shows every problem at once: a missing client and a blank title together.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from . import services, timeline
from .models import TIME_ZONE_CHOICES, Client, Invitation, Project, Role, Stage, User


def safe_next(request, fallback: str) -> str:
    """The ``next`` a form or link asked to return to, if it is on this site; else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def form_errors(form: forms.Form) -> list[str]:
    """Every message of a bound form, as plain sentences."""
    return [str(message) for messages_ in form.errors.values() for message in messages_]


def add_service_errors(form: forms.Form, exc: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal on the form: field errors on their field, the rest on top."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or "You are not allowed to do that.")
        return
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class ServiceRulesForm(forms.Form):
    """A form whose errors include the services' rules, checked on whatever parsed."""

    def service_checks(self, cleaned: dict) -> dict[str, str]:
        return {}

    def clean(self):
        cleaned = super().clean()
        for name, message in self.service_checks(cleaned).items():
            if name not in self.errors:  # a field's own error (not a date, required…) comes first
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# --- Accounts -----------------------------------------------------------------------------


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with an email address."""

    username = forms.EmailField(
        label="Email",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account. Check both and try again.",
    }


class ProfileForm(ServiceRulesForm):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, help_text="Every date and time is shown in this zone.")

    def service_checks(self, cleaned: dict) -> dict[str, str]:
        return services.profile_check(first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""))


class InvitationSignupForm(ServiceRulesForm):
    """A new account for the invited address."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150, required=False)
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="UTC")

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].widget.attrs["data-detect-time-zone"] = ""

    def service_checks(self, cleaned: dict) -> dict[str, str]:
        return services.profile_check(first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""))

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords differ. Type the same password twice.")
        elif p1:
            candidate = User(
                email=self.invitation.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


# --- Projects and clients ---------------------------------------------------------------


class ProjectForm(ServiceRulesForm):
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        empty_label="Choose a client…",
        error_messages={"invalid_choice": "Choose one of your clients.", "required": "Choose the client."},
    )
    # Blank titles are refused by the service, with its own message.
    title = forms.CharField(max_length=200, required=False, widget=forms.TextInput(attrs={"required": True}))
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The idea in a few sentences. A project needs one before it moves to storyboard.",
    )
    due_date = forms.DateField(required=False, widget=DateInput(), error_messages={"invalid": "Enter a valid date."})

    def __init__(self, *args, user: User, clients=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients if clients is not None else Client.objects.none()
        self.fields["client"].label_from_instance = self._client_label

    def service_checks(self, cleaned: dict) -> dict[str, str]:
        return services.project_check(by=self.user, title=cleaned.get("title", ""), due_date=cleaned.get("due_date"))

    def _client_label(self, client: Client) -> str:
        orgs = {c.organization_id for c in self.fields["client"].queryset}
        return f"{client.name} ({client.organization.name})" if len(orgs) > 1 else client.name


class ProjectEditForm(ServiceRulesForm):
    title = forms.CharField(max_length=200, required=False, widget=forms.TextInput(attrs={"required": True}))
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}))
    due_date = forms.DateField(required=False, widget=DateInput(), error_messages={"invalid": "Enter a valid date."})
    status = forms.ChoiceField(choices=Project.Status.choices)

    def __init__(self, *args, user: User, project: Project, **kwargs):
        self.user, self.project = user, project
        super().__init__(*args, **kwargs)

    def service_checks(self, cleaned: dict) -> dict[str, str]:
        return services.project_check(
            by=self.user, title=cleaned.get("title", ""), due_date=cleaned.get("due_date"), project=self.project
        )


class ClientForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=None, empty_label=None)
    name = forms.CharField(
        max_length=200, required=False, label="Client name", widget=forms.TextInput(attrs={"required": True})
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        choices = list(organizations)
        if len(choices) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].initial = choices[0].pk


class StageChangeForm(forms.Form):
    to_stage = forms.ChoiceField(label="Move to")
    override_reason = forms.CharField(
        label="Why override?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "e.g. The client approved the idea on a call."}),
        help_text="Your reason is kept in the timeline. Only your team sees it.",
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        current = project.stage_index
        self.fields["to_stage"].choices = [
            (s.value, f"{s.label}{' (back)' if i < current else ''}")
            for i, s in enumerate(Stage)
            if s.value != project.stage
        ]
        if current + 1 < len(Stage.values):
            self.fields["to_stage"].initial = Stage.values[current + 1]


class BoardFilterForm(forms.Form):
    """The board's filters (GET). An unknown value is explained and that filter left off."""

    DUE_CHOICES = [
        ("", "Any due date"),
        ("overdue", "Overdue"),
        ("week", "Due in 7 days"),
        ("month", "Due in 31 days"),
        ("none", "No due date"),
    ]
    q = forms.CharField(required=False, max_length=100, label="Search")
    client = forms.ModelChoiceField(queryset=Client.objects.none(), required=False, empty_label="All clients")
    stage = forms.ChoiceField(required=False, choices=[("", "All stages"), *Stage.choices])
    due = forms.ChoiceField(required=False, choices=DUE_CHOICES, label="Due")
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Anyone", label="Owner")

    def __init__(self, *args, clients, owners, archive: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.display_name
        self.fields["q"].widget.attrs.update(placeholder="Title or client", type="search")
        self.fields["client"].error_messages["invalid_choice"] = "That client is not one of yours."
        self.fields["owner"].error_messages["invalid_choice"] = "That person is not in your studio."
        self.fields["stage"].error_messages["invalid_choice"] = "There is no stage called “%(value)s”."
        self.fields["due"].error_messages["invalid_choice"] = "“%(value)s” is not a due-date filter."
        if archive:
            del self.fields["stage"]
        # One query each when the page lists them (list() of a ModelChoiceIterator would COUNT first).
        for name in ("client", "owner"):
            self.fields[name].choices = [choice for choice in self.fields[name].choices]

    def clean_q(self):
        return "".join(ch for ch in self.cleaned_data["q"] if ch.isprintable()).strip()


class TimelineFilterForm(forms.Form):
    stage = forms.ChoiceField(required=False, choices=[("", "All stages"), *Stage.choices])
    kind = forms.ChoiceField(required=False)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", "All kinds"),
            *sorted(((k, timeline.kind_label(k)) for k in kinds), key=lambda choice: choice[1]),
        ]
        self.fields["stage"].error_messages["invalid_choice"] = "There is no stage called “%(value)s”."
        self.fields["kind"].error_messages["invalid_choice"] = "There are no events of kind “%(value)s” here."


# --- Members ----------------------------------------------------------------------------


class ProjectCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that carry their project's client, so the page can show only that client's."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-client"] = str(instance.client_id)
        return option


class InviteForm(forms.Form):
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(choices=Role.choices, initial=Role.CLIENT)
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        required=False,
        label="Client company",
        empty_label="Choose a client…",
        help_text="The company this person works for. They see only its projects.",
    )
    projects = forms.ModelMultipleChoiceField(
        queryset=Project.objects.none(),
        required=False,
        widget=ProjectCheckboxes,
        label="Projects they can see",
        help_text="Clients see only the projects you tick here.",
    )

    def __init__(self, *args, clients, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["projects"].queryset = projects
        self.fields["projects"].label_from_instance = lambda p: f"{p.client.name} — {p.title}"
        self.fields["role"].widget.attrs["data-role-select"] = ""
        self.fields["client"].widget.attrs["data-client-select"] = ""


class MemberRoleForm(forms.Form):
    """A member's new role, and for a client their company. The rules are the service's."""

    role = forms.ChoiceField(
        choices=Role.choices,
        error_messages={
            "invalid_choice": "There is no role called “%(value)s”. Choose producer, editor, marketer or client."
        },
    )
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        required=False,
        label="Client company",
        empty_label="— (team roles)",
        error_messages={"invalid_choice": "Choose one of your client companies."},
    )

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients


def apply_row_errors(form: forms.Form, formsets, kept_forms: dict, exc: ValidationError) -> None:
    """A service's refusal of a form with rows (formsets named ``formsets``, their kept rows'
    forms in ``kept_forms``) put where each problem is: ``kpis.2.target`` on the third kept KPI
    row's target, ``kpis`` above the form, a field's name on the field."""
    for name, problems in exc.message_dict.items():
        kind, _, rest = name.partition(".")
        if kind in formsets and rest:
            index, _, field_name = rest.partition(".")
            row_form = kept_forms[kind][int(index)]
            row_form.add_error(field_name if field_name in row_form.fields else None, problems)
        elif kind in formsets:
            form.add_error(None, problems)
        else:
            form.add_error(name if name in form.fields else None, problems)
