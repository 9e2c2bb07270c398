"""Marketing planning's part of /api/ (registered on the shared router in config/api.py)."""

from . import views


def register(router) -> None:
    router.register("campaigns", views.CampaignViewSet, basename="campaign")
    router.register("campaign-versions", views.CampaignVersionViewSet, basename="campaign-version")
    router.register("plan-items", views.PlanItemViewSet, basename="plan-item")
    router.register("spec-reports", views.SpecReportViewSet, basename="spec-report")
