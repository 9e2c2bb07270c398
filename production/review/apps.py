from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "production.review"
    label = "review"
    verbose_name = "Review"

    def ready(self) -> None:
        from django.urls import reverse

        from production.edit import hooks, links
        from projects import sections, timeline

        from . import gates, notify, services

        gates.register()
        # Words said in the project's versions, found in their transcripts.
        sections.register(key="review.transcripts", template="review/_transcript_search.html", order=15)
        notify.register()
        hooks.on_version_ready(services.version_up_for_review)

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
                "review.version_ready": "Version up for review",
                "share.created": "Review link made",
                "share.revoked": "Review link revoked",
            }
        )
