"""Pages of the storyboard stage: the script, the storyboard and the shot list."""

from django.urls import path

from . import shot_views, views

urlpatterns = [
    path("projects/<uuid:project_id>/script/", views.script_page, name="script"),
    path("projects/<uuid:project_id>/script/import/", views.script_import, name="script-import"),
    path("projects/<uuid:project_id>/script/edit/", views.script_edit, name="script-edit"),
    path("script-versions/<uuid:scriptversion_id>/", views.script_version, name="script-version"),
    path("script-versions/<uuid:scriptversion_id>/fountain/", views.script_fountain, name="script-fountain"),
    path("script-versions/<uuid:scriptversion_id>/diff/", views.script_diff, name="script-diff"),
    path("projects/<uuid:project_id>/storyboard/", views.board, name="storyboard"),
    path("projects/<uuid:project_id>/storyboard/section/", views.board_section, name="storyboard-section"),
    path("projects/<uuid:project_id>/storyboard/frames/", views.frame_create, name="storyboard-frame-create"),
    path("projects/<uuid:project_id>/storyboard/order/", views.board_reorder, name="storyboard-reorder"),
    path("projects/<uuid:project_id>/storyboard/pdf/", views.board_pdf, name="storyboard-pdf"),
    path("frames/<uuid:frame_id>/", views.frame_detail, name="storyboard-frame"),
    path("frames/<uuid:frame_id>/move/", views.frame_move, name="storyboard-frame-move"),
    path("frames/<uuid:frame_id>/delete/", views.frame_delete, name="storyboard-frame-delete"),
    path("frames/<uuid:frame_id>/image/", views.frame_image, name="storyboard-frame-image"),
    path("frames/<uuid:frame_id>/comments/", views.frame_comment, name="storyboard-frame-comment"),
    path("projects/<uuid:project_id>/shots/", shot_views.shot_list, name="shots"),
    path("projects/<uuid:project_id>/shots/new/", shot_views.shot_create, name="shot-create"),
    path("projects/<uuid:project_id>/shots/order/", shot_views.shots_reorder, name="shots-reorder"),
    path("shots/<uuid:shot_id>/", shot_views.shot_detail, name="shot"),
    path("shots/<uuid:shot_id>/move/", shot_views.shot_move, name="shot-move"),
    path("shots/<uuid:shot_id>/status/", shot_views.shot_status, name="shot-status"),
    path("shots/<uuid:shot_id>/delete/", shot_views.shot_delete, name="shot-delete"),
]
