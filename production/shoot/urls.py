"""Pages of the shoot stage, and its two doors without an account (confirm links, calendars)."""

from django.urls import path

from . import schedule_views, set_views, views

urlpatterns = [
    path("projects/<uuid:project_id>/shoot/", views.shoot, name="shoot"),
    path("projects/<uuid:project_id>/shoot/section/", views.shoot_section, name="shoot-section"),
    path("projects/<uuid:project_id>/shoot/settings/", views.settings_update, name="shoot-settings"),
    path("projects/<uuid:project_id>/shoot/calendar-reset/", views.project_feed_reset, name="shoot-feed-reset"),
    path("projects/<uuid:project_id>/shoot/locations/", views.location_create, name="shoot-location-create"),
    path("projects/<uuid:project_id>/shoot/people/", views.person_create, name="shoot-person-create"),
    path("projects/<uuid:project_id>/shoot/equipment/", views.equipment_create, name="shoot-equipment-create"),
    path("projects/<uuid:project_id>/shoot/budget/", views.budget_line_create, name="shoot-budget-create"),
    path("projects/<uuid:project_id>/shoot/days/new/", views.day_create, name="shoot-day-create"),
    path("shoot-locations/<uuid:location_id>/", views.location_detail, name="shoot-location"),
    path("shoot-locations/<uuid:location_id>/delete/", views.location_delete, name="shoot-location-delete"),
    path("shoot-locations/<uuid:location_id>/photos/", views.location_photo_add, name="shoot-location-photo-add"),
    path("location-photos/<uuid:locationphoto_id>/", views.location_photo, name="shoot-location-photo"),
    path(
        "location-photos/<uuid:locationphoto_id>/delete/",
        views.location_photo_delete,
        name="shoot-location-photo-delete",
    ),
    path("shoot-people/<uuid:person_id>/", views.person_detail, name="shoot-person"),
    path("shoot-people/<uuid:person_id>/delete/", views.person_delete, name="shoot-person-delete"),
    path("shoot-people/<uuid:person_id>/calendar-reset/", views.person_feed_reset, name="shoot-person-feed-reset"),
    path("shoot-equipment/<uuid:equipment_id>/", views.equipment_detail, name="shoot-equipment"),
    path("shoot-equipment/<uuid:equipment_id>/delete/", views.equipment_delete, name="shoot-equipment-delete"),
    path("budget-lines/<uuid:budgetline_id>/", views.budget_line_detail, name="shoot-budget-line"),
    path("budget-lines/<uuid:budgetline_id>/delete/", views.budget_line_delete, name="shoot-budget-line-delete"),
    path("shoot-days/<uuid:shootday_id>/", views.day_detail, name="shoot-day"),
    path("shoot-days/<uuid:shootday_id>/edit/", views.day_edit, name="shoot-day-edit"),
    path("shoot-days/<uuid:shootday_id>/delete/", views.day_delete, name="shoot-day-delete"),
    path("shoot-days/<uuid:shootday_id>/equipment/", views.day_equipment, name="shoot-day-equipment"),
    path("shoot-days/<uuid:shootday_id>/shots/", schedule_views.schedule_add, name="shoot-day-shots-add"),
    path(
        "shoot-days/<uuid:shootday_id>/shots/reorder/", schedule_views.schedule_reorder, name="shoot-day-shots-reorder"
    ),
    path(
        "shoot-days/<uuid:shootday_id>/shots/<uuid:shot_id>/move/",
        schedule_views.schedule_move,
        name="shoot-day-shot-move",
    ),
    path(
        "shoot-days/<uuid:shootday_id>/shots/<uuid:shot_id>/remove/",
        schedule_views.schedule_remove,
        name="shoot-day-shot-remove",
    ),
    path("shoot-days/<uuid:shootday_id>/call-sheet/", views.call_sheet, name="shoot-call-sheet"),
    path("shoot-days/<uuid:shootday_id>/call-sheet/pdf/", views.call_sheet_pdf, name="shoot-call-sheet-pdf"),
    path("shoot-days/<uuid:shootday_id>/call-sheet/send/", views.call_sheet_send, name="shoot-call-sheet-send"),
    # On set: the tracker, takes, dailies, and the daily production report.
    path("shoot-days/<uuid:shootday_id>/set/", set_views.tracker, name="shoot-set"),
    path("shoot-days/<uuid:shootday_id>/set/shots/", set_views.tracker_shots, name="shoot-set-shots"),
    path("shoot-days/<uuid:shootday_id>/set/shots/<uuid:shot_id>/takes/", set_views.take_log, name="shoot-set-take"),
    path(
        "shoot-days/<uuid:shootday_id>/set/shots/<uuid:shot_id>/dailies/",
        set_views.shot_dailies,
        name="shoot-set-dailies",
    ),
    path("shoot-days/<uuid:shootday_id>/set/pickup/", set_views.take_pickup, name="shoot-set-pickup"),
    path("scheduled-shots/<uuid:scheduledshot_id>/done/", set_views.shot_done, name="shoot-set-done"),
    path("takes/<uuid:take_id>/", set_views.take_update, name="shoot-take"),
    path("shoot-days/<uuid:shootday_id>/report/", set_views.report, name="shoot-report"),
    path("shoot-days/<uuid:shootday_id>/report/pdf/", set_views.report_pdf, name="shoot-report-pdf"),
    path("shoot-days/<uuid:shootday_id>/report/sign/", set_views.report_sign, name="shoot-report-sign"),
    path("shoot-days/<uuid:shootday_id>/report/reopen/", set_views.report_reopen, name="shoot-report-reopen"),
    # No account: the token in the address is the credential.
    path(
        "call-sheets/<uuid:callsheet_id>/confirm/<str:calltoken>/", views.call_sheet_confirm, name="callsheet-confirm"
    ),
    path("calendars/shoot/<str:feedtoken>.ics", views.project_feed, name="shoot-project-feed"),
    path("calendars/call/<str:feedtoken>.ics", views.person_feed, name="shoot-person-feed"),
]
