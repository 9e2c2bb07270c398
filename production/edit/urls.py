"""Pages of the edit stage."""

from django.urls import path

from . import views

urlpatterns = [
    path("projects/<uuid:project_id>/media/", views.project_media, name="project-media"),
    path("projects/<uuid:project_id>/media/section/", views.project_media_section, name="project-media-section"),
    path("projects/<uuid:project_id>/cuts/new/", views.cut_create, name="cut-create"),
    path("cuts/<uuid:cut_id>/visibility/", views.cut_visibility, name="cut-visibility"),
    path("cuts/<uuid:cut_id>/rename/", views.cut_rename, name="cut-rename"),
]
