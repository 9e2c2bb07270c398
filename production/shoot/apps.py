from django.apps import AppConfig


class ShootConfig(AppConfig):
    name = "production.shoot"
    label = "shoot"
    verbose_name = "Shoot"

    def ready(self) -> None:
        from production.media import targets as media_targets
        from production.storyboard import hooks
        from projects import demo, sections, timeline

        from . import demo_seed, gates, notify, shot_badges, signals, targets

        gates.register()
        notify.register()
        hooks.register_shot_annotator("shoot.scheduled_day", shot_badges.annotate)
        signals.connect()
        media_targets.register(targets.DailyTarget())
        demo.register("shoot.demo_shoot", demo_seed.seed)
        demo.register("shoot.demo_on_set", demo_seed.seed_on_set)
        sections.register(key="shoot.logistics", template="shoot/_section_loader.html", order=6)
        timeline.register_kinds(
            {
                "shoot.settings_changed": "Shoot settings changed",
                "shoot.location_added": "Location added",
                "shoot.location_changed": "Location changed",
                "shoot.location_removed": "Location removed",
                "shoot.person_added": "Crew or cast added",
                "shoot.person_changed": "Crew or cast changed",
                "shoot.person_removed": "Crew or cast removed",
                "shootday.scheduled": "Shoot day scheduled",
                "shootday.changed": "Shoot day changed",
                "shootday.removed": "Shoot day removed",
                "callsheet.sent": "Call sheet sent",
                "callsheet.revised": "Revised call sheet sent",
                "callsheet.confirmed": "Call confirmed",
                "set.shot_done": "Shot done on set",
                "set.shot_undone": "Shot done taken back",
                "set.take_circled": "Take circled",
                "daily.uploaded": "Daily uploaded",
                "report.signed": "Daily report signed off",
                "report.reopened": "Daily report reopened",
                "report.sent": "Daily report sent",
                "schedule.shots_added": "Shots scheduled",
                "schedule.shot_moved": "Shot moved to another day",
                "schedule.shot_removed": "Shot taken off a day",
                "schedule.reordered": "Shooting order changed",
            }
        )
