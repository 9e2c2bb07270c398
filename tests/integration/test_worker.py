"""A task queued by a service runs in a real worker process, and its effect is visible."""

import pytest

from projects import services
from projects.models import Invitation, Role

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_invitation_email_is_sent_by_the_worker(studio, celery_worker_process):
    invitation = services.member_invite(
        organization=studio.org, email="crew@example.test", role=Role.EDITOR, by=studio.producer
    )
    # the service queued send_invitation_email on commit; only the worker can mark it sent
    celery_worker_process.wait_until(
        lambda: Invitation.objects.get(pk=invitation.pk).sent_at is not None, timeout=60, what="invitation sent"
    )
    messages = list(celery_worker_process.email_dir.iterdir())
    assert len(messages) == 1
    body = messages[0].read_text()
    assert "crew@example.test" in body
    assert f"/invitations/{invitation.token}/" in body
    assert "succeeded" in celery_worker_process.output()
