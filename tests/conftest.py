"""Shared fixtures: a studio with a member of every role, two client companies."""

from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient

from projects.models import Client, Organization, Project, Role, User
from tests.factories import ClientFactory, MembershipFactory, OrganizationFactory, ProjectAccessFactory, ProjectFactory

pytest_plugins = ["tests.workers"]  # real worker and web server processes


@dataclass
class Studio:
    org: Organization
    producer: User
    editor: User
    marketer: User
    acme: Client
    globex: Client
    acme_user: User
    globex_user: User
    acme_project: Project
    globex_project: Project


@pytest.fixture
def studio(db) -> Studio:
    org = OrganizationFactory(name="Northlight", slug="northlight")
    acme = ClientFactory(organization=org, name="Acme")
    globex = ClientFactory(organization=org, name="Globex")
    producer = MembershipFactory(organization=org, role=Role.PRODUCER).user
    editor = MembershipFactory(organization=org, role=Role.EDITOR).user
    marketer = MembershipFactory(organization=org, role=Role.MARKETER).user
    acme_user = MembershipFactory(organization=org, role=Role.CLIENT, client=acme).user
    globex_user = MembershipFactory(organization=org, role=Role.CLIENT, client=globex).user
    acme_project = ProjectFactory(client=acme, title="Acme spring launch", owner=producer)
    globex_project = ProjectFactory(client=globex, title="Globex brand film", owner=producer)
    ProjectAccessFactory(project=acme_project, user=acme_user)
    ProjectAccessFactory(project=globex_project, user=globex_user)
    return Studio(
        org=org,
        producer=producer,
        editor=editor,
        marketer=marketer,
        acme=acme,
        globex=globex,
        acme_user=acme_user,
        globex_user=globex_user,
        acme_project=acme_project,
        globex_project=globex_project,
    )


def login(user: User) -> HttpClient:
    client = HttpClient()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
