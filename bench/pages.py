"""Dashboard and project timeline at 10, 100 and 1,000 projects / events.

Server time per request (Django test client, full middleware stack) as a ratio to a
minimal view timed in the same run, and the number of queries at each size, which must
not grow with size.
"""

from __future__ import annotations

import datetime as dt

from bench.harness import bench_database, page_queries, page_vs_hello, report, setup_django

SIZES = (10, 100, 1000)


def _make_studio():
    from projects.models import Client, Membership, Organization, Role, User

    org = Organization.objects.create(name="Bench Studio", slug="bench")
    producer = User.objects.create_user(email="bench-producer@example.test", password="x")
    Membership.objects.create(organization=org, user=producer, role=Role.PRODUCER)
    clients = [Client.objects.create(organization=org, name=f"Client {i}") for i in range(5)]
    return org, producer, clients


def _grow_projects(org, clients, owner, total: int) -> None:
    from django.utils import timezone

    from projects.models import Project, Stage

    have = Project.objects.filter(organization=org).count()
    today = timezone.localdate()
    Project.objects.bulk_create(
        Project(
            organization=org,
            client=clients[i % len(clients)],
            owner=owner,
            title=f"Project {i:04d}",
            description="Bench project",
            due_date=today + dt.timedelta(days=i % 90 - 10),
            stage=Stage.values[i % len(Stage.values)],
        )
        for i in range(have, total)
    )


def _grow_events(project, actor, total: int) -> None:
    from django.utils import timezone

    from projects.models import Stage, TimelineEvent

    have = TimelineEvent.objects.filter(project=project).count()
    now = timezone.now()
    TimelineEvent.objects.bulk_create(
        TimelineEvent(
            project=project,
            occurred_at=now - dt.timedelta(minutes=i),
            stage=Stage.values[i % len(Stage.values)],
            kind=("project.stage_changed", "project.updated", "member.joined")[i % 3],
            summary=f"Event number {i}",
            actor=actor,
            data={"from": "ideation", "to": "storyboard", "gates": [], "override_reason": ""},
            client_visible=bool(i % 2),
        )
        for i in range(have, total)
    )


def _measure(client, url: str) -> tuple[float, int]:
    queries = page_queries(client, url)
    return page_vs_hello(client, url), queries


def run() -> None:
    setup_django()
    from django.test import Client, override_settings
    from django.urls import reverse

    with bench_database(), override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        org, producer, clients = _make_studio()
        client = Client()
        client.force_login(producer)
        results: dict[str, list[tuple[int, float, int]]] = {"dashboard": [], "timeline": []}
        for size in SIZES:
            _grow_projects(org, clients, producer, size)
            project = org.projects.order_by("title").first()
            _grow_events(project, producer, size)
            results["dashboard"].append((size, *_measure(client, reverse("dashboard"))))
            timeline_url = reverse("project-timeline", args=[project.pk])
            results["timeline"].append((size, *_measure(client, timeline_url)))
        for page, rows in results.items():
            base_queries = rows[0][2]
            for size, ratio, queries in rows:
                report(f"pages.{page}_vs_hello.n{size}", ratio, "ratio", "<=" + str(RATIO_TARGETS[page][size]))
                report(f"pages.{page}_queries.n{size}", queries, "queries", f"<={base_queries}")


# Time per request against a bare view. The dashboard shows each stage's first projects (the
# rest a link away) and the timeline is paginated, so neither grows with the list.
RATIO_TARGETS = {
    "dashboard": {10: 10, 100: 10, 1000: 10},
    "timeline": {10: 15, 100: 15, 1000: 15},
}
