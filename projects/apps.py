from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects"

    def ready(self) -> None:
        from . import gates, timeline

        gates.register_builtin_gates()
        timeline.register_kinds(timeline.PROJECT_KINDS)
