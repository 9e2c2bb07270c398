from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "production.review"
    label = "review"
    verbose_name = "Review"

    def ready(self) -> None:
        from projects import timeline

        timeline.register_kinds(
            {
                "comment.posted": "Comment",
                "comment.replied": "Reply",
                "comment.deleted": "Comment deleted",
                "comment.resolved": "Comment resolved",
                "comment.reopened": "Comment reopened",
            }
        )
