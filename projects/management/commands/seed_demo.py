"""Demo data: one studio, a user for each role, two client companies, five projects.

Everything is made through the services, so the timeline reads as it would in real use.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from projects import demo, services
from projects.models import Role, Stage, TimelineEvent, User

DEMO_PASSWORD = "frame-by-frame-42"
LEGACY_REASON = "Delivered before the studio moved to Reelflow."

USERS = [
    ("producer@reelflow.demo", "Paula", "Producer", Role.PRODUCER, None, "Europe/London"),
    ("editor@reelflow.demo", "Eddie", "Editor", Role.EDITOR, None, "Europe/Berlin"),
    ("marketer@reelflow.demo", "Mara", "Marketer", Role.MARKETER, None, "America/New_York"),
    ("client@acme.demo", "Ada", "Acme", Role.CLIENT, "Acme Outdoor", "America/Los_Angeles"),
    ("client@globex.demo", "Gus", "Globex", Role.CLIENT, "Globex Foods", "Asia/Tokyo"),
]

PROJECTS = [
    # title, client, description, days until due, stage
    ("Trail Runner launch film", "Acme Outdoor", "60-second hero film for the spring trail shoe.", 40, Stage.EDIT),
    (
        "Acme summer social cutdowns",
        "Acme Outdoor",
        "Six vertical cutdowns for Instagram and TikTok.",
        75,
        Stage.IDEATION,
    ),
    ("Globex recipe series", "Globex Foods", "Four 3-minute recipe episodes for YouTube.", 20, Stage.SHOOT),
    ("Globex brand manifesto", "Globex Foods", "Brand film for the new positioning.", 10, Stage.DISTRIBUTION),
    ("Acme winter catalogue teaser", "Acme Outdoor", "Teaser for the winter catalogue.", -5, Stage.DONE),
]


class Command(BaseCommand):
    help = "Create demo data (a studio, a user per role, clients, projects with timelines)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any user already exists.")

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Database already has users; demo data not added.")
            return
        with transaction.atomic():
            self._seed()
        self._print_credentials()

    def _seed(self) -> None:
        producer_email, *_ = USERS[0]
        producer = User.objects.create_user(
            email=producer_email, password=DEMO_PASSWORD, first_name="Paula", last_name="Producer"
        )
        producer.time_zone = USERS[0][5]
        producer.save(update_fields=["time_zone"])
        org = services.organization_create(name="Northlight Studio", owner=producer)
        clients = {
            name: services.client_create(organization=org, name=name, by=producer)
            for name in ("Acme Outdoor", "Globex Foods")
        }
        projects = {}
        today = timezone.localdate()
        for title, client_name, description, due_in, stage in PROJECTS:
            due = today + dt.timedelta(days=due_in)
            project = services.project_create(
                by=producer,
                client=clients[client_name],
                title=title,
                description=description,
                due_date=max(due, today),  # a new project is never due in the past…
            )
            if due < today:  # …but a delivered one may have been due before today
                services.project_update(project=project, by=producer, due_date=due)
            for step in Stage.values[1 : Stage.index(stage) + 1]:
                # Projects past the edit were delivered before the studio used Reelflow: their
                # gates (e.g. "a cut version is ready") are overridden, and the reason is kept.
                services.project_change_stage(
                    project=project, to_stage=step, by=producer, override_reason=LEGACY_REASON
                )
            projects[title] = project
        for email, first, last, role, client_name, zone in USERS[1:]:
            client = clients.get(client_name) if client_name else None
            invited_to = [p for p in projects.values() if client and p.client_id == client.pk]
            invitation = services.member_invite(
                organization=org, email=email, role=role, by=producer, client=client, projects=invited_to
            )
            services.invitation_accept(
                invitation=invitation, password=DEMO_PASSWORD, first_name=first, last_name=last, time_zone=zone
            )
        self._spread_history(projects.values())
        context = demo.DemoContext(
            organization=org, producer=producer, clients=clients, projects=projects, warn=self.stderr.write
        )
        for step in demo.steps():  # other apps' demo data (e.g. production's generated cut)
            step(context)

    @staticmethod
    def _spread_history(projects) -> None:
        """Demo only: spread each project's events over the past weeks so the timeline reads
        like a real one instead of everything happening in the same second."""
        now = timezone.now()
        for project in projects:
            events = list(TimelineEvent.objects.filter(project=project).order_by("occurred_at", "id"))
            for i, event in enumerate(events):
                event.occurred_at = now - dt.timedelta(days=3 * (len(events) - i), hours=i)
            TimelineEvent.objects.bulk_update(events, ["occurred_at"])

    def _print_credentials(self) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000/ with:"))
        for email, _first, _last, role, client_name, _zone in USERS:
            extra = f" ({client_name})" if client_name else ""
            self.stdout.write(f"  {role.label:<9} {email:<26} password: {DEMO_PASSWORD}{extra}")
