"""Reads of review, scoped by the acting user: the one rule for comments. A comment is seen by
whoever may see its version (production.edit.selectors.versions_visible_to), except that an
internal comment is the team's: never a client's or a guest's, in pages, API, exports or emails."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from production.edit.models import Version
from production.edit.selectors import versions_visible_to
from projects.selectors import staff_organization_ids

from .models import Comment


def comments_visible_to(user) -> QuerySet[Comment]:
    staff = Q(version__cut__project__organization_id__in=staff_organization_ids(user))
    return Comment.objects.filter(version__in=versions_visible_to(user)).filter(staff | Q(internal=False))


def comment_for(*, user, comment_id) -> Comment:
    return get_object_or_404(comments_visible_to(user).select_related("version__cut__project"), pk=comment_id)


def version_for_review(*, user, version_id) -> Version:
    return get_object_or_404(versions_visible_to(user).select_related("cut__project__client", "asset"), pk=version_id)


def threads_of(*, user, version: Version) -> list[Comment]:
    """The version's threads in timecode order, each with ``reply_list`` (oldest first), in a
    fixed number of queries whatever their number."""
    visible = comments_visible_to(user).filter(version=version)
    replies = visible.filter(thread__isnull=False).select_related("author").order_by("created_at")
    return list(
        visible.filter(thread__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="reply_list"))
        .order_by("frame", "created_at")
    )
