import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from production.ideation import services
from production.ideation.models import BriefMessage, Metric, Objective, Platform


def full_brief(**overrides) -> dict:
    """A brief that passes the storyboard gate: objective, audience, two KPIs, a message."""
    today = timezone.localdate()
    brief = {
        "summary": "A 30 second spring film.",
        "objective": Objective.AWARENESS,
        "audience": "Runners, 25 to 40.",
        "budget": Decimal("12000.50"),
        "currency": "EUR",
        "deadline": today + dt.timedelta(days=30),
        "kpis": [
            {"metric": Metric.VIEWS, "target": Decimal("100000"), "due": today + dt.timedelta(days=60)},
            {"metric": Metric.VIEW_THROUGH_RATE, "target": Decimal("35")},
        ],
        "platforms": [{"platform": Platform.TIKTOK, "ideal_runtime": 15, "aspect_ratios": ["9:16"]}],
        "messages": [{"text": "Free returns for 60 days", "kind": BriefMessage.Kind.SAY}],
        "assets": [{"kind": "cutdown", "count": 3, "aspect_ratio": "9:16", "duration": 15}],
    }
    brief.update(overrides)
    return brief


@pytest.fixture
def brief_v1(studio):
    return services.brief_save(project=studio.acme_project, by=studio.producer, **full_brief())


@pytest.fixture
def api():
    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make
