from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects"

    def ready(self) -> None:
        from . import gates, sections, timeline

        gates.register_builtin_gates()
        # The project's idea at the top of its page; a later stage may register its own under
        # this key instead (ideation shows the brief there).
        sections.register(key="projects.idea", template="projects/_idea_section.html", order=0)
        timeline.register_kinds(timeline.PROJECT_KINDS)
