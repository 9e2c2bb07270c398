"""Pages of ideation."""

from django.urls import path

from . import views

urlpatterns = [
    path("ideas/", views.idea_board, name="idea-board"),
    path("ideas/new/", views.idea_create, name="idea-create"),
    path("ideas/<uuid:idea_id>/", views.idea_detail, name="idea-detail"),
    path("ideas/<uuid:idea_id>/edit/", views.idea_edit, name="idea-edit"),
    path("ideas/<uuid:idea_id>/vote/", views.idea_vote, name="idea-vote"),
    path("ideas/<uuid:idea_id>/status/", views.idea_status, name="idea-status"),
    path("ideas/<uuid:idea_id>/comments/", views.idea_comment, name="idea-comment"),
    path("ideas/<uuid:idea_id>/promote/", views.idea_promote, name="idea-promote"),
    path("projects/<uuid:project_id>/brief/", views.brief_detail, name="brief"),
    path("projects/<uuid:project_id>/brief/edit/", views.brief_edit, name="brief-edit"),
    path("projects/<uuid:project_id>/brief/section/", views.brief_section, name="brief-section"),
    path("projects/<uuid:project_id>/brief/compare/", views.brief_compare, name="brief-compare"),
    path("projects/<uuid:project_id>/brief/sign-off/", views.brief_sign_off, name="brief-sign-off"),
    path("projects/<uuid:project_id>/brief/v<int:number>/", views.brief_version, name="brief-version"),
]
