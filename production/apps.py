from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "production"
    verbose_name = "Production"

    def ready(self) -> None:
        from projects import demo, timeline

        from . import demo_seed, gates

        gates.register()
        demo.register("production.demo_cut", demo_seed.seed)
        timeline.register_kinds(
            {
                "cut.created": "Cut created",
                "cut.shared": "Cut shared with the client",
                "cut.hidden": "Cut made team only",
                "cut.renamed": "Cut renamed",
                "asset.renamed": "Media renamed",
                "asset.deleted": "Media deleted",
                "version.uploaded": "Version uploaded",
                "asset.uploaded": "Media uploaded",
                "asset.unusable": "Media unusable",
                "render.succeeded": "Render finished",
                "render.failed": "Render failed",
                "render.cancelled": "Render cancelled",
            }
        )
