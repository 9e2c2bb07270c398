from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "production"
    verbose_name = "Production"

    def ready(self) -> None:
        from projects import demo

        from . import demo_seed, gates

        gates.register()
        demo.register("production.demo_cut", demo_seed.seed)
