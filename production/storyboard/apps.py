from django.apps import AppConfig


class StoryboardConfig(AppConfig):
    name = "production.storyboard"
    label = "storyboard"
    verbose_name = "Storyboard"

    def ready(self) -> None:
        from projects import demo, sections, timeline

        from . import demo_seed, gates

        gates.register()
        demo.register("storyboard.demo_script", demo_seed.seed)
        sections.register(key="storyboard.board", template="storyboard/_section_loader.html", order=5)
        timeline.register_kinds(
            {
                "script.imported": "Script imported",
                "script.saved": "Script saved",
                "storyboard.frame_added": "Storyboard frame added",
                "storyboard.frame_changed": "Storyboard frame changed",
                "storyboard.frame_removed": "Storyboard frame removed",
                "storyboard.reordered": "Storyboard reordered",
                "storyboard.commented": "Storyboard comment",
                "shotlist.shot_added": "Shot added",
                "shotlist.shot_changed": "Shot changed",
                "shotlist.shot_removed": "Shot removed",
                "shotlist.reordered": "Shot list reordered",
                "shotlist.status_changed": "Shot status changed",
            }
        )
