"""Pages of marketing planning."""

from django.urls import path

from . import views

urlpatterns = [
    path("presets/", views.preset_list, name="planning-presets"),
    path("projects/<uuid:project_id>/campaign/", views.campaign_detail, name="campaign"),
    path("projects/<uuid:project_id>/campaign/start/", views.campaign_start, name="campaign-start"),
    path("projects/<uuid:project_id>/campaign/edit/", views.campaign_edit, name="campaign-edit"),
    path("projects/<uuid:project_id>/campaign/section/", views.campaign_section, name="campaign-section"),
    path("projects/<uuid:project_id>/campaign/v<int:number>/", views.campaign_version, name="campaign-version"),
    path("projects/<uuid:project_id>/spec-check/", views.spec_check, name="spec-check"),
    path("spec-reports/<uuid:report_id>/", views.spec_report, name="spec-report"),
    path("plan-items/<uuid:item_id>/preset/", views.plan_item_preset, name="plan-item-preset"),
]
