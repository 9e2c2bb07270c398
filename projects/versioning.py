"""What versioned documents share (the creative brief, the campaign): a save names the version
the writer started from, and when someone saved another meanwhile nothing is saved and the refusal
says who saved which version, so no version is silently written over."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def refuse_stale_save(*, based_on: int | None, current_number: int, current_by: str = "") -> None:
    """Raise (on the field ``based_on``) when ``based_on`` — the number of the version the writer
    started from, 0 for none, None when not said — is not the current version's number."""
    if based_on is None or based_on == current_number:
        return
    if current_number == 0:
        raise ValidationError({"based_on": "There is no saved version yet: save again to make version 1."})
    raise ValidationError(
        {"based_on": f"{current_by or 'Someone'} saved version {current_number} while you were editing. Read it in "
         f"the history; then save again to make yours version {current_number + 1}."}
    )  # fmt: skip
