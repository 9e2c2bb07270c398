"""Celery tasks of the core: thin, take ids, idempotent."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from . import services
from .models import Invitation


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def send_invitation_email(self, invitation_id: str) -> None:
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.sent_at is not None or not invitation.is_usable:
        return  # gone, already sent (delivered twice) or no longer usable: nothing to do
    url = settings.SITE_URL.rstrip("/") + reverse("invitation-accept", args=[invitation.token])
    context = {"invitation": invitation, "url": url}
    try:
        send_mail(
            subject=f"You are invited to {invitation.organization.name} on Reelflow",
            message=render_to_string("projects/email/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[invitation.email],
        )
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from exc
    services.invitation_mark_sent(invitation=invitation)


@shared_task
def expire_invitations() -> int:
    return services.invitations_expire()
