from django.contrib.auth import views as auth_views
from django.urls import path

from . import inbox_views, views
from .forms import EmailAuthenticationForm

auth_urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/profile/", views.profile, name="profile"),
]

urlpatterns = [
    *auth_urlpatterns,
    path("", views.dashboard, name="dashboard"),
    path("inbox/", inbox_views.inbox, name="inbox"),
    path("inbox/read/", inbox_views.inbox_mark_read, name="inbox-mark-read"),
    path("inbox/settings/", inbox_views.notification_settings, name="notification-settings"),
    path("inbox/<uuid:notification_id>/", inbox_views.notification_open, name="notification-open"),
    path("clients/", views.clients, name="clients"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/archived/", views.projects_archived, name="projects-archived"),
    path("projects/<uuid:project_id>/", views.project_detail, name="project-detail"),
    path("projects/<uuid:project_id>/edit/", views.project_edit, name="project-edit"),
    path("projects/<uuid:project_id>/stage/", views.project_stage_change, name="project-stage"),
    path("projects/<uuid:project_id>/timeline/", views.project_timeline, name="project-timeline"),
    path("organizations/<uuid:org_id>/members/", views.members, name="members"),
    path(
        "organizations/<uuid:org_id>/members/<uuid:membership_id>/remove/",
        views.membership_remove,
        name="membership-remove",
    ),
    path(
        "organizations/<uuid:org_id>/members/<uuid:membership_id>/role/",
        views.membership_role,
        name="membership-role",
    ),
    path(
        "organizations/<uuid:org_id>/invitations/<uuid:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
