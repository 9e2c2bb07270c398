from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "production.review"
    label = "review"
    verbose_name = "Review"

    def ready(self) -> None:
        from django.urls import reverse

        from production.edit import links
        from projects import timeline

        from . import gates

        gates.register()

        links.register(
            key="review.review",
            label="Review",
            url=lambda version: reverse("version-review", kwargs={"version_id": version.pk}),
        )

        timeline.register_kinds(
            {
                "comment.posted": "Comment",
                "comment.replied": "Reply",
                "comment.deleted": "Comment deleted",
                "comment.resolved": "Comment resolved",
                "comment.reopened": "Comment reopened",
                "review.approved": "Version approved",
                "review.changes_requested": "Changes requested",
                "review.policy_changed": "Approvers set",
                "share.created": "Review link made",
                "share.revoked": "Review link revoked",
            }
        )
