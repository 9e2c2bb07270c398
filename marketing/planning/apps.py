from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "marketing.planning"
    label = "planning"
    verbose_name = "Marketing planning"

    def ready(self) -> None:
        from projects import demo, sections, timeline

        from . import demo_seed, gates

        gates.register()
        demo.register("planning.demo_campaign", demo_seed.seed)
        sections.register(key="planning.campaign", template="planning/_section_loader.html", order=8)
        timeline.register_kinds(
            {
                "campaign.created": "Campaign started from the brief",
                "campaign.saved": "Campaign saved",
                "plan.preset_set": "Required asset's platform chosen",
                "plan.fulfilled": "Required asset's variant linked",
                "spec.checked": "Video checked against a platform",
            }
        )
