from django.apps import AppConfig


class IdeationConfig(AppConfig):
    name = "production.ideation"
    label = "ideation"
    verbose_name = "Ideation"

    def ready(self) -> None:
        from projects import demo, sections, timeline

        from . import demo_seed, gates, notify

        gates.register()
        notify.register()
        # The brief takes the place of the core's "The idea" box at the top of the project page.
        sections.register(key="projects.idea", template="ideation/_brief_section.html", order=0)
        demo.register("ideation.demo_ideas_and_briefs", demo_seed.seed)
        timeline.register_kinds(
            {
                "brief.saved": "Brief saved",
                "brief.signed_off": "Brief signed off",
                "idea.promoted": "Idea promoted to a project",
            }
        )
