"""Pages of the edit stage."""

from django.urls import path

from . import post_views, views

urlpatterns = [
    path("projects/<uuid:project_id>/media/", views.project_media, name="project-media"),
    path("projects/<uuid:project_id>/media/section/", views.project_media_section, name="project-media-section"),
    path("projects/<uuid:project_id>/cuts/new/", views.cut_create, name="cut-create"),
    path("cuts/<uuid:cut_id>/visibility/", views.cut_visibility, name="cut-visibility"),
    path("cuts/<uuid:cut_id>/rename/", views.cut_rename, name="cut-rename"),
    path("projects/<uuid:project_id>/post/", post_views.post_board, name="post-board"),
    path("projects/<uuid:project_id>/post/section/", post_views.post_section, name="post-section"),
    path("post-tasks/overdue/", post_views.overdue_panel, name="post-overdue"),
    path("post-tasks/<uuid:task_id>/", post_views.post_task_detail, name="post-task"),
    path("post-tasks/<uuid:task_id>/move/", post_views.post_task_move, name="post-task-move"),
    path("post-tasks/<uuid:task_id>/remove/", post_views.post_task_remove, name="post-task-remove"),
]
