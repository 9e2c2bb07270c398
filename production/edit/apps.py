from django.apps import AppConfig


class EditConfig(AppConfig):
    name = "production.edit"
    label = "edit"
    verbose_name = "Edit"

    def ready(self) -> None:
        from production.media import targets as media_targets
        from projects import demo, sections, timeline

        from . import demo_seed, targets

        media_targets.register(targets.CutTarget())
        demo.register("edit.demo_cut", demo_seed.seed)
        demo.register("edit.demo_post_tasks", demo_seed.seed_post_tasks)
        sections.register(key="edit.media", template="edit/_media_loader.html", order=10)
        sections.register(key="edit.post", template="edit/_post_loader.html", order=20)
        sections.register(key="edit.overdue", template="edit/_overdue_loader.html", place="dashboard")
        timeline.register_kinds(
            {
                "cut.created": "Cut created",
                "cut.shared": "Cut shared with the client",
                "cut.hidden": "Cut made team only",
                "cut.renamed": "Cut renamed",
                "version.uploaded": "Version uploaded",
                "post.task_added": "Post task added",
                "post.task_changed": "Post task changed",
                "post.task_moved": "Post task moved",
                "post.task_removed": "Post task removed",
            }
        )
