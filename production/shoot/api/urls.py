"""The shoot stage's part of /api/ (registered on the shared router in config/api.py)."""

from . import schedule, set_views, views


def register(router) -> None:
    router.register("shoot-locations", views.LocationViewSet, basename="shoot-location")
    router.register("shoot-people", views.PersonViewSet, basename="shoot-person")
    router.register("shoot-equipment", views.EquipmentViewSet, basename="shoot-equipment")
    router.register("budget-lines", views.BudgetLineViewSet, basename="budget-line")
    router.register("shoot-days", views.ShootDayViewSet, basename="shoot-day")
    router.register("takes", set_views.TakeViewSet, basename="take")
    router.register("dailies", set_views.DailyViewSet, basename="daily")
    router.register("scheduled-shots", schedule.ScheduledShotViewSet, basename="scheduled-shot")
