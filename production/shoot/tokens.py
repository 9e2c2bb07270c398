"""The call sheet's confirm link: a person's copy of a revision (``CallSheetRecipient``), its id
signed with the site's key under a salt of its own, so the token confirms exactly that copy and
can be used for nothing else (not a sign-in, not another sheet, not another person). Whether it
still works — used, expired, superseded by a revised sheet — is the row's state, checked by
``services.confirm_link_check``."""

from __future__ import annotations

import uuid

from django.core import signing

SALT = "reelflow.shoot.callsheet.confirm"


def confirm_token(recipient_id) -> str:
    return signing.Signer(salt=SALT).sign(str(recipient_id))


def recipient_id_of(token: str) -> uuid.UUID | None:
    """The copy's id a token names, or None for a token we did not sign (wrong, altered)."""
    try:
        return uuid.UUID(signing.Signer(salt=SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None
