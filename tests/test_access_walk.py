"""The access walk: every URL the project serves, tried by people who must not get in.

Every URL pattern is taken from the URL resolver (recursively, so pages and API routes that
other apps add later are walked without anyone listing them here), and every operation
from the OpenAPI schema (generated in-process). Path parameters are filled with the ids of
the studio fixture's Acme objects: its project, client company, client member's membership,
a pending invitation, timeline events, project access, the Acme user, any row of another
app that points at the Acme project, and the organization where it is foreign. Each URL is
requested with GET (as JSON and as HTML, so the browsable API's forms are walked too), POST,
PATCH and DELETE by:

- ``globex``: a client user of another company (Globex) of the same studio,
- ``rival_producer`` and ``rival_editor``: the producer and an editor of another studio,
- ``guest``: a signed-in user with no membership anywhere,
- ``anonymous``: nobody signed in.

For a URL that names an Acme object (for the guest and the anonymous user: any URL with a
parameter, or any non-public URL at all for the anonymous user) the answer must be a denial:
302 to a login page, 401, 403, 404 or 405. Never a 2xx, never a 400 that tells a real id
from a fake one, never a 5xx. Any answer, denied or not, must not contain what the person
may not know (the Acme project's title, the client's name, internal timeline text …), and
no request may change the database.

URLs without parameters (dashboards, lists, /api/me/) may answer a member with a page of
their own things (2xx), and then the body must not contain anyone else's. The few public
URLs are listed in ``PUBLIC`` with the reason; the test fails when an entry no longer
exists, so the list cannot rot, and when a pattern cannot be turned into a URL, so nothing
escapes the walk silently.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, models, transaction
from django.shortcuts import resolve_url
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from marketing.planning import services as planning_services
from marketing.planning.spec import Measured
from production.edit import services as edit_services
from production.edit.models import Cut, Version
from production.ideation import services as ideation_services
from production.ideation.models import Metric, Objective
from production.media import transcripts as media_transcripts
from production.media.engine.probe import ProbeResult
from production.media.models import MediaAsset, Render, Upload
from production.review import services as review_services
from production.review.models import ShareLink
from production.shoot import schedule as shoot_schedule
from production.shoot import services as shoot_services
from production.shoot import set_services
from production.shoot import tokens as shoot_tokens
from production.shoot.models import CallSheetRecipient, Daily
from production.storyboard import services as storyboard_services
from production.storyboard.models import Scene
from production.storyboard.services import shots as shot_services
from projects import services
from projects.models import Membership, NotificationSetting, Project, ProjectAccess, Role, Stage, TimelineEvent, User
from tests.factories import MembershipFactory, OrganizationFactory, TimelineEventFactory, UserFactory

pytestmark = pytest.mark.django_db

# --- The public URLs ----------------------------------------------------------------------------
# Reachable without signing in, by design. Walked with GET only (posting to them would sign in,
# sign up or send mail, which is their job), plus the operations the API schema lists (the
# token endpoint gets a wrong password); still never a 5xx, never a secret in the body, and
# no change to the database.
# Each entry must still exist in the URL resolver (see test_public_allowlist_is_current).
PUBLIC: dict[str, str] = {
    "login": "the sign-in page",
    "password_reset": "asking for a password reset email",
    "password_reset_done": "'we sent you an email'",
    "password_reset_confirm": "the reset link itself; its uid and token are the credential",
    "password_reset_complete": "'your password was reset'",
    "healthz": "liveness/readiness probe; reports no data",
    "api-schema": "the OpenAPI document; describes endpoints, holds no data",
    "api-docs": "Swagger UI over the schema",
    "api:api-token": "exchanging an email and password for a token (POST only; 401 otherwise)",
    "invitation-accept": "the invitation link; the token in the URL is the credential",
    "admin:login": "the admin sign-in page; every other admin URL redirects here",
    "callsheet-confirm": "a person's call sheet confirm link; its signed token is the credential (POST confirms)",
    "shoot-project-feed": "a project's shoot calendar; the secret token in the address is the credential",
    "shoot-person-feed": "a person's calendar of the days they are called; the secret token is the credential",
}
# Public doors whose token is the credential are tried with every token the fixture holds (used,
# expired, superseded, another sheet's, wrong, reset), not with the first alone.
WALK_EVERY_TOKEN = {"calltoken", "feedtoken"}
# Static files are served by WhiteNoise before URL resolution, so they are not URL patterns
# and need no entry here.

# Public pages that legitimately show the invited person what they were invited to (the
# token holder may read the organization's and client's names).
SHOWS_INVITATION = {"invitation-accept"}

# Bugs the walk found in code this test does not own, each with its owner's file and the fix.
# Listed so the rest of the walk keeps guarding while they are fixed; an entry that stops
# happening fails the walk, so the list cannot outlive its bugs.
# (identity, URL name, method, Accept) -> what goes wrong
KNOWN_ISSUES: dict[tuple[str, str, str, str], str] = {}

DENIED = {401, 403, 404, 405}
WRITE_METHODS = ("post", "patch", "delete")
LOGIN_NAMES = ("login", "admin:login")

# A word in a parameter's name, or in the path segment just before it, says what it names.
HINTS = {
    "project": "project",
    "client": "client",
    "member": "membership",
    "membership": "membership",
    "invitation": "invitation",
    "invite": "invitation",
    "org": "organization",
    "organization": "organization",
    "event": "timelineevent",
    "timeline": "timelineevent",
    "timelineevent": "timelineevent",
    "asset": "mediaasset",
    "access": "projectaccess",
    "projectaccess": "projectaccess",
    "user": "user",
    "token": "token",
    "link": "sharelink",
    "comment": "comment",
    "idea": "idea",
    "ideas": "idea",
    "brief": "brief",
    "briefs": "brief",
    "brief-versions": "briefversion",
    "calltoken": "calltoken",
    "feedtoken": "feedtoken",
    "people": "person",
    "other": "version",  # compare's second version
}
GENERIC_PARAMS = {"pk", "id", "object_id", "uuid", "url"}
CONVERTER_OF = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass
class Target:
    """One URL to try, and what the walk knows about it."""

    url: str
    name: str  # the URL name (namespaced), or the route when unnamed
    methods: tuple[str, ...]
    acme_specific: bool  # a path parameter names an Acme-only object
    has_params: bool
    public: bool = False
    sources: set[str] = field(default_factory=set)
    param_kinds: tuple[str, ...] = ()
    fake_url: str = ""  # the same URL with every Acme id replaced by one that exists nowhere


@dataclass
class Walk:
    studio: object
    candidates: dict[str, list[str]]  # kind -> ids (as strings)
    acme_only: set[str]  # every id that belongs to Acme alone
    shared: set[str]  # ids that a Globex member may legitimately use (their organization)
    secrets: dict[str, list[str]]  # identity -> strings that must never appear
    payload: dict
    known_seen: set = field(default_factory=set)  # KNOWN_ISSUES that happened


# --- The fixture: Acme objects worth stealing ----------------------------------------------------


def _acme_production(project: Project, studio) -> tuple[dict[str, list[str]], list[str]]:
    """The Acme project's production rows, so their pages and API are walked with real Acme ids:
    a cut with a version (its asset, upload and render), a client-visible and a team-only
    comment, an approval, a review policy, and review links — a revoked and an expired one (their
    tokens are candidates: a share link's door must show nothing for them), never a usable one.
    Returns the ids the generic "rows hanging off the project" search below cannot reach, by
    kind, and the strings that must never reach anyone outside."""
    producer = studio.producer
    cut = Cut.objects.create(project=project, title="Acme director's cut", client_visible=True, created_by=producer)
    asset = MediaAsset.objects.create(
        project=project, original_name="acme-secret-master.mov", uploaded_by=producer, status=MediaAsset.Status.READY,
        frame_count=250, frame_rate_num=25, frame_rate_den=1, duration=10, sha256="a" * 64,
    )  # fmt: skip
    Upload.objects.create(
        project=project, user=producer, filename="acme-secret-master.mov", length=10,
        expires_at=timezone.now() + timezone.timedelta(days=1),
    )  # fmt: skip
    Render.objects.create(asset=asset)
    version = Version.objects.create(cut=cut, number=1, asset=asset, created_by=producer)
    said = review_services.comment_post(version=version, by=studio.acme_user, text="SECRET acme client note", frame=3)
    internal = review_services.comment_post(
        version=version, by=producer, text="SECRET acme team note", frame=4, internal=True
    )
    approval = review_services.approval_decide(version=version, by=studio.acme_user, decision="changes_requested",
                                               note="SECRET acme decision note")  # fmt: skip
    review_services.review_policy_update(project=project, by=producer, master_cut=cut)
    revoked = review_services.share_link_create(cut=cut, by=producer, name="SECRET acme link")
    review_services.share_link_revoke(link=revoked, by=producer)
    expired = review_services.share_link_create(
        cut=cut, by=producer, expires_at=timezone.now() + timezone.timedelta(hours=1)
    )
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timezone.timedelta(hours=1))
    # The storyboard stage: a script in two versions (scenes hang two steps off the project, so
    # their ids are listed here), a frame linked to a scene, a comment on it, and a shot of both.
    script_text = "Title: SECRET acme script\n\nEXT. SECRET ACME ROOFTOP - NIGHT\n\nSECRET acme action.\n"
    storyboard_services.script_save(project=project, text=script_text, by=producer)
    script_version = storyboard_services.script_save(project=project, text=script_text + "\nMore.\n", by=producer)
    scene = script_version.scenes.get()
    frame = storyboard_services.frame_create(
        project=project, by=producer, scene=scene.pk, shot_size="WS", notes="SECRET acme frame note"
    )
    frame_comment = storyboard_services.frame_comment_post(
        frame=frame, by=studio.acme_user, text="SECRET acme frame talk"
    )
    shot = shot_services.shot_create(
        project=project, by=producer, scene=scene.pk, frame=frame.pk, description="SECRET acme shot",
        cast="SECRET acme cast", framing="9:16",
    )  # fmt: skip
    post_task = edit_services.post_task_create(
        project=project, by=producer, title="SECRET acme post task", notes="SECRET acme post notes"
    )
    # The shot goes on the first shoot day's schedule there (its row hangs off the day: found below as
    # a "scheduledshot"; the day's schedule routes are walked with the shot's id), and is done on set.
    shoot_ids, shoot_secrets = _acme_shoot(project, producer, shot)
    # The version's transcript (a caption file's cues): cues and revisions hang two steps off it.
    spoken = media_transcripts.captions_upload(
        asset=asset, by=producer, filename="acme-lines.srt",
        data=b"1\n00:00:01,000 --> 00:00:02,000\nSECRET acme spoken line\n",
    )  # fmt: skip
    ids = {
        **shoot_ids,
        "cue": [str(pk) for pk in spoken.cues.values_list("pk", flat=True)],
        "transcriptrevision": [str(pk) for pk in spoken.revisions.values_list("pk", flat=True)],
        "comment": [str(said.pk), str(internal.pk)],
        "approval": [str(approval.pk)],
        "sharelink": [str(revoked.pk), str(expired.pk)],
        "token": [revoked.token, expired.token],
        "scene": [str(s.pk) for s in Scene.objects.filter(version__script__project=project)],
    }
    secrets = [cut.title, said.text, internal.text, approval.note, revoked.name, revoked.token, expired.token,
               "SECRET acme script", "SECRET ACME ROOFTOP", "SECRET acme action", frame.notes,
               frame_comment.text, "SECRET acme spoken line", shot.description, shot.cast, post_task.title,
               post_task.notes, *shoot_secrets]  # fmt: skip
    return ids, secrets


def _acme_shoot(project: Project, producer: User, shot) -> tuple[dict[str, list[str]], list[str]]:
    """The Acme project's shoot: a location with a photo, people, equipment, a budget line, and
    two shoot days whose call sheets were sent, so the confirm links are walked with tokens that
    must change nothing — used, superseded by a revision, expired, another sheet's, unsigned —
    and the calendars with addresses that were reset or never existed. No usable token is given."""
    from tests.production.storyboard.conftest import png

    shoot_services.settings_update(project=project, by=producer, budget_ceiling="5000")
    location = shoot_services.location_create(project=project, by=producer, name="SECRET acme warehouse",
                                              address="SECRET acme street 1")  # fmt: skip
    shoot_services.location_photo_add(location=location, by=producer, data=png(), caption="SECRET acme photo")
    ana = shoot_services.person_create(project=project, by=producer, name="SECRET acme gaffer", email="g@acme.test",
                                       phone="+1 555 0100", day_rate="777.00")  # fmt: skip
    ben = shoot_services.person_create(project=project, by=producer, name="SECRET acme lead", email="l@acme.test")
    shoot_services.equipment_create(project=project, by=producer, item="SECRET acme crane", cost="999")
    shoot_services.budget_line_create(project=project, by=producer, category="crew", description="SECRET acme fee",
                                      estimate="1234")  # fmt: skip
    day = shoot_services.day_create(
        project=project, by=producer, date="2031-05-12", call_time="07:00", wrap_time="18:00",
        time_zone="Europe/Berlin", locations=[location.pk], calls=[{"person": ana.pk}, {"person": ben.pk}],
        hospital="SECRET acme hospital", notes="SECRET acme day notes",
    )  # fmt: skip
    other_day = shoot_services.day_create(project=project, by=producer, date="2031-05-13", call_time="08:00",
                                          wrap_time="17:00", calls=[{"person": ana.pk}])  # fmt: skip
    first = shoot_services.call_sheet_send(day=day, by=producer).sheet
    copy = {c.person_id: c for c in CallSheetRecipient.objects.filter(sheet=first)}
    used = shoot_tokens.confirm_token(copy[ana.pk].pk)
    shoot_services.call_sheet_confirm(sheet_id=first.pk, token=used)
    superseded = shoot_tokens.confirm_token(copy[ben.pk].pk)
    shoot_services.day_update(day=day, by=producer, wrap_time="19:00")
    shoot_services.call_sheet_send(day=day, by=producer)  # revision 2: ben's first link is superseded
    expired = CallSheetRecipient.objects.get(sheet=first, person=ben, revision=2)
    CallSheetRecipient.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timezone.timedelta(days=1))
    second = shoot_services.call_sheet_send(day=other_day, by=producer).sheet
    elsewhere = CallSheetRecipient.objects.get(sheet=second)
    shoot_services.call_sheet_confirm(sheet_id=second.pk, token=shoot_tokens.confirm_token(elsewhere.pk))
    old_project_feed = project.shoot_settings.feed_token
    old_person_feed = ana.feed_token
    shoot_services.project_feed_reset(project=project, by=producer)
    shoot_services.person_feed_reset(person=ana, by=producer)
    ids = {
        "calltoken": [
            used,
            superseded,
            shoot_tokens.confirm_token(expired.pk),
            shoot_tokens.confirm_token(elsewhere.pk),
            shoot_tokens.confirm_token(uuid.uuid4()),
            used[:-4] + "walk",
        ],
        "feedtoken": [old_project_feed, old_person_feed, "walk-no-such-calendar"],
    }
    # On set: the shot scheduled into the day, done, a circled take, a daily of it, a signed report.
    (scheduled,) = shoot_schedule.schedule_add(day=day, shots=[shot.pk], by=producer)
    set_services.shot_done(scheduled=scheduled, by=producer)
    take = set_services.take_log(day=day, shot=shot, by=producer, mark="circled", notes="SECRET acme take note")
    daily_asset = MediaAsset.objects.create(project=project, original_name="acme-secret-daily.mov", purpose="daily",
                                            uploaded_by=producer, status=MediaAsset.Status.READY)  # fmt: skip
    Daily.objects.create(asset=daily_asset, day=day, shot=shot, take=take)
    set_services.report_update(day=day, by=producer, actual_call="07:10", actual_wrap="18:30",
                               notes="SECRET acme report notes")  # fmt: skip
    set_services.report_sign(day=day, by=producer, email=False)
    set_services.report_update(day=other_day, by=producer, notes="SECRET acme draft report")
    secrets = [location.name, "SECRET acme street", "SECRET acme photo", ana.name, ben.name, "SECRET acme crane",
               "SECRET acme fee", "SECRET acme hospital", "SECRET acme day notes", "g@acme.test", "777.00",
               "SECRET acme take note", "acme-secret-daily.mov", "SECRET acme report notes",
               "SECRET acme draft report"]  # fmt: skip
    return ids, secrets


def _acme_ideation(project: Project, studio) -> tuple[dict[str, list[str]], list[str]]:
    """The studio's ideas board (the team's: nobody outside it, Globex's client included, may
    see an idea) with a vote and a comment, an idea promoted to a project, and the Acme project's
    brief in two versions, the first signed off by Acme's reviewer. The brief and its versions
    hang off the project (the generic search finds them); the ideas hang off the organization,
    so they are listed here."""
    producer = studio.producer
    idea = ideation_services.idea_create(
        organization=studio.org, by=producer, title="SECRET acme idea", pitch="SECRET idea pitch"
    )
    ideation_services.idea_vote_toggle(idea=idea, by=studio.editor)
    ideation_services.idea_comment(idea=idea, by=studio.editor, text="SECRET idea comment")
    promoted = ideation_services.idea_create(organization=studio.org, by=producer, title="SECRET promoted idea")
    made = ideation_services.idea_promote(idea=promoted, by=producer, client=studio.acme, title="SECRET idea project")
    brief = {
        "objective": Objective.AWARENESS,
        "audience": "SECRET acme audience",
        "kpis": [{"metric": Metric.VIEWS, "target": 1000}],
        "messages": [{"text": "SECRET acme message"}],
        "assets": [{"kind": "cutdown", "count": 2, "duration": 15}],
    }
    first = ideation_services.brief_save(project=project, by=producer, **brief)
    ideation_services.brief_sign_off(version=first, by=studio.acme_user)
    ideation_services.brief_save(project=project, by=producer, **{**brief, "audience": "SECRET acme audience v2"})
    ids = {"idea": [str(idea.pk), str(promoted.pk)]}
    secrets = [idea.title, idea.pitch, "SECRET idea comment", promoted.title, made.title, "SECRET acme audience",
               "SECRET acme message"]  # fmt: skip
    return ids, secrets


def _acme_planning(project: Project, studio) -> tuple[dict[str, list[str]], list[str]]:
    """The Acme project's campaign (started from its brief, then a second version whose audience,
    budget, a KPI and a channel are the team's only), its repurposing plan and a spec report of
    the Acme master. Every row hangs off the project: the generic search finds their ids."""
    marketer = studio.marketer
    first = planning_services.campaign_create(project=project, by=marketer)
    content = planning_services.content_of(first)
    content.update(audience="SECRET acme campaign audience", budget="31337", currency="EUR", paid_percent=70,
                   client_fields=["objective"], note="SECRET acme campaign note")  # fmt: skip
    content["channels"] = [
        {"preset": "tiktok", "mode": "paid", "notes": "SECRET acme channel", "client_visible": False}
    ]
    content["kpis"] = [{"metric": "views", "target": "4242", "channel": "tiktok", "client_visible": False}]
    planning_services.campaign_save(project=project, by=marketer, **content)
    asset = MediaAsset.objects.filter(project=project).first()
    probe = ProbeResult(usable=True, media_type="video", width=1080, height=1920, duration=12.0, frame_rate=(30, 1),
                        video_codec="h264", format_name="mov,mp4,m4a,3gp,3g2,mj2", size_bytes=1000)  # fmt: skip
    planning_services.spec_report_record(
        project=project, subject=asset, preset_key="tiktok", measured=Measured(probe=probe), by=marketer,
        file_name=asset.original_name,
    )  # fmt: skip
    return {}, ["SECRET acme campaign audience", "SECRET acme campaign note", "SECRET acme channel"]


@pytest.fixture
def walk(studio, django_capture_on_commit_callbacks) -> Walk:
    project = studio.acme_project
    secret_reason = "SECRET-override-reason-7f3a"
    project.description = ""
    project.save()
    services.project_change_stage(
        project=project, to_stage=Stage.STORYBOARD, by=studio.producer, override_reason=secret_reason
    )
    internal = TimelineEventFactory(project=project, summary="Acme margin is thin (internal)", client_visible=False)
    with django_capture_on_commit_callbacks(execute=False):
        invitation = services.member_invite(
            organization=studio.org,
            email="new.person@acme.test",
            role=Role.CLIENT,
            client=studio.acme,
            projects=[project],
            by=studio.producer,
        )
    acme_membership = Membership.objects.get(user=studio.acme_user)
    access = ProjectAccess.objects.get(project=project, user=studio.acme_user)

    candidates: dict[str, list[str]] = {
        "project": [str(project.pk)],
        "client": [str(studio.acme.pk)],
        "membership": [str(acme_membership.pk)],
        "invitation": [str(invitation.pk)],
        "organization": [str(studio.org.pk)],
        "timelineevent": [str(internal.pk), *(str(e.pk) for e in project.timeline_events.exclude(pk=internal.pk))],
        "projectaccess": [str(access.pk)],
        "user": [str(studio.acme_user.pk)],
        "token": [invitation.token],
    }
    production_ids, production_secrets = _acme_production(project, studio)
    ideation_ids, ideation_secrets = _acme_ideation(project, studio)
    production_secrets += ideation_secrets
    production_secrets += _acme_planning(project, studio)[1]
    for kind, values in (*production_ids.items(), *ideation_ids.items()):
        candidates.setdefault(kind, []).extend(values)
    # Rows of other apps that hang off the Acme project, directly or one step away (cuts,
    # assets, uploads, renders, versions, campaigns …), are candidates too, under their model
    # name, as soon as some fixture creates them.
    for model in apps.get_models():
        if model in (TimelineEvent, ProjectAccess):
            continue
        lookups = []
        for f in model._meta.get_fields():
            if not isinstance(f, models.ForeignKey | models.OneToOneField) or not f.concrete:
                continue
            if f.related_model is Project:
                lookups.append(f.name)
            else:
                lookups += [
                    f"{f.name}__{g.name}"
                    for g in f.related_model._meta.get_fields()
                    if isinstance(g, models.ForeignKey) and g.concrete and g.related_model is Project
                ]
        for lookup in lookups:
            rows = model._base_manager.filter(**{lookup: project}).values_list("pk", flat=True)
            found = candidates.setdefault(model._meta.model_name, [])
            found += [str(pk) for pk in rows if str(pk) not in found]
    candidates = {k: v for k, v in candidates.items() if v}
    shared = {str(studio.org.pk)}
    acme_only = {v for values in candidates.values() for v in values} - shared

    acme_secrets = [
        project.title,
        "acme-secret-master.mov",
        studio.acme.name,
        studio.acme_user.email,
        internal.summary,
        secret_reason,
        invitation.email,
        invitation.token,
        *production_secrets,
    ]
    everything = [
        *acme_secrets,
        studio.org.name,
        studio.globex.name,
        studio.globex_project.title,
        studio.producer.email,
    ]
    # Text fields carry a NUL and other control characters (PostgreSQL refuses NUL with a
    # 500), so a door that lets them through shows up as a server error here.
    payload = {
        "title": "Walked\x00 over\u202e",
        "name": "Walked\x00 over\x1b",
        "description": "walked\x00",
        "stage": Stage.DONE,
        "override_reason": "walk",
        "reason": "walk",
        "status": Project.Status.ARCHIVED,
        "client": str(studio.acme.pk),
        "organization": str(studio.org.pk),
        "project": str(project.pk),
        "projects": [str(project.pk)],
        "email": "walker@example.test",
        "role": Role.PRODUCER,
        "first_name": "Walker",
        "last_name": "Walker",
        "time_zone": "Pacific/Auckland",
        "due_date": "2031-01-01",
        "body": "walk\x00",
        "note": "walk\x00",
        "filename": "walk\x00.mov",
        "confirm": "yes",
        "password": "walker-pass-123",
        "password1": "walker-pass-123",
        "password2": "walker-pass-123",
        "new_password1": "walker-pass-123",
        "new_password2": "walker-pass-123",
    }
    return Walk(
        studio=studio,
        candidates=candidates,
        acme_only=acme_only,
        shared=shared,
        secrets={
            "globex": acme_secrets,
            "rival_producer": everything,
            "rival_editor": everything,
            "guest": everything,
            "anonymous": everything,
        },
        payload=payload,
    )


# --- Turning patterns into URLs ---------------------------------------------------------------


def iter_patterns(resolver=None, prefix=(), namespaces=()):
    """Every URL pattern with the chain of patterns above it and its namespaced name."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from iter_patterns(entry, (*prefix, entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            chain = (*prefix, entry.pattern)
            route = "".join(str(p) for p in chain)
            name = ":".join((*namespaces, entry.name)) if entry.name else route
            yield chain, name, entry


def _hint(param: str, before: str, kinds) -> str | None:
    words = [w for w in re.split(r"[_\W]+", param.lower()) if w and w not in GENERIC_PARAMS]
    segment = before.lower()
    singular = re.sub(r"(ies|s)$", lambda m: "y" if m.group(1) == "ies" else "", segment)
    # "post-tasks" and "script-versions" name the models PostTask and ScriptVersion; an app's
    # prefix before the model ("shoot-locations", "storyboard-frames", "shoot-people") is dropped
    words += [segment, singular, singular.replace("-", ""), segment.rsplit("-", 1)[-1], singular.rsplit("-", 1)[-1]]
    for word in words:
        if word in HINTS:
            return HINTS[word]
        if word in kinds:  # a model of another app that points at the Acme project
            return word
    return None


def _values_for(param: str, before: str, walk: Walk) -> tuple[str, list[str]]:
    """What a path parameter probably names, and the Acme values to put in it."""
    kind = _hint(param, before, walk.candidates)
    if kind and kind in walk.candidates:
        return kind, walk.candidates[kind]
    # Nothing says what it names: try every Acme id (the organization last).
    values = [
        v for k, vs in walk.candidates.items() if k not in ("organization", "token", *WALK_EVERY_TOKEN) for v in vs
    ]
    return "any", [*values, *walk.candidates["organization"]]


def _fake(value: str, walk: Walk) -> str:
    """A value of the same shape as an Acme one that names nothing at all."""
    if value not in walk.acme_only:
        return value
    if re.fullmatch(r"[0-9a-f-]{36}", value):
        return str(uuid.uuid4())
    return "zz" + value[2:][::-1]


def _split_regex_groups(regex: str):
    """Yield ('text', s) and ('group', name, body) pieces of a regex, balancing parentheses."""
    i = 0
    while i < len(regex):
        m = re.compile(r"\(\?P<(\w+)>").match(regex, i)
        if not m:
            yield ("text", regex[i])
            i += 1
            continue
        depth, j = 1, m.end()
        while depth:
            if regex[j] == "\\":
                j += 2
                continue
            depth += {"(": 1, ")": -1}.get(regex[j], 0)
            j += 1
        yield ("group", m.group(1), regex[m.end() : j - 1])
        i = j


def _pattern_templates(chain) -> tuple[str, list[tuple[str, str, str]]]:
    """A template with ``{param}`` holes for a chain of patterns, and its parameters as
    (name, converter-or-regex, literal text just before it)."""
    template, params = "", []
    for pattern in chain:
        text = str(pattern)
        if hasattr(pattern, "converters") and not text.startswith("^"):  # RoutePattern
            pos = 0
            for m in CONVERTER_OF.finditer(text):
                template += text[pos : m.start()]
                params.append((m.group("name"), m.group("converter") or "str", template))
                template += "{" + m.group("name") + "}"
                pos = m.end()
            template += text[pos:]
        else:  # RegexPattern
            body = text.removeprefix("^").removesuffix("$")
            for piece in _split_regex_groups(body):
                if piece[0] == "group":
                    _, name, sub = piece
                    params.append((name, "re:" + sub, template))
                    template += "{" + name + "}"
                else:
                    template += piece[1]
            template = re.sub(r"\.\*|\.\+|\[\\s\\S\][*+]", "zz-walk", template)  # anything, line breaks too
            template = template.replace("/?", "/")
            template = re.sub(r"\\(.)", r"\1", template)
    return "/" + template, params


def _regex_values(sub: str, default: list[str]) -> list[str]:
    alternatives = sub.split("|")
    if all(re.fullmatch(r"[\w-]+", a) for a in alternatives):
        return alternatives[:1]
    return [v for v in [*default, "zz-walk"] if re.fullmatch(sub, v)][:1] or ["zz-walk"]


def resolver_targets(walk: Walk, failures: list[str]) -> list[Target]:
    targets = []
    for chain, name, entry in iter_patterns():
        template, params = _pattern_templates(chain)
        public = name in PUBLIC
        choices, kinds = [], []
        for pname, conv, before in params:
            last_segment = before.rstrip("/").rsplit("/", 1)[-1]
            kind, values = _values_for(pname, last_segment, walk)
            if name.startswith("admin:") or template.startswith("/admin/"):
                # The admin site turns away everyone who is not staff before it reads an id, and
                # no walker is staff: two ids (the first an Acme one) tell as much as every id,
                # where trying all of them on every admin page was most of the walk's requests.
                values = values[:2]
            if conv.startswith("re:"):
                kind, values = "regex", _regex_values(conv[3:], values)
            elif conv == "int":
                kind, values = "int", ["1"]
            if public and kind not in WALK_EVERY_TOKEN:
                values = values[:1]
            kinds.append(kind)
            choices.append([(pname, v) for v in values])
        for combo in itertools.product(*choices) if choices else [()]:
            url = template.format(**dict(combo))
            try:
                match = resolve(urlparse(url).path)
            except Resolver404:
                match = None
            if match is None or match.func is not entry.callback:
                failures.append(f"cannot walk {name!r}: built {url!r} which resolves elsewhere; teach the walk")
                continue
            targets.append(
                Target(
                    url=url,
                    name=name,
                    methods=("get",) if public else ("get", *WRITE_METHODS),
                    acme_specific=any(v in walk.acme_only for _, v in combo),
                    has_params=bool(combo),
                    public=public,
                    sources={"resolver"},
                    param_kinds=tuple(kinds),
                    fake_url=template.format(**{k: _fake(v, walk) for k, v in combo}),
                )
            )
    return targets


def schema_targets(walk: Walk, failures: list[str]) -> list[Target]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    targets = []
    for path, operations in schema["paths"].items():
        params = re.findall(r"{(\w+)}", path)
        choices, kinds = [], []
        for pname in params:
            before = path.split("{" + pname + "}")[0].rstrip("/").rsplit("/", 1)[-1]
            kind, values = _values_for(pname, before, walk)
            kinds.append(kind)
            choices.append([(pname, v) for v in values])
        methods = tuple(m for m in operations if m in ("get", "post", "put", "patch", "delete"))
        for combo in itertools.product(*choices) if choices else [()]:
            url = path.format(**dict(combo))
            try:
                match = resolve(url)
            except Resolver404:
                failures.append(f"schema path {path} does not resolve as {url}")
                continue
            name = ":".join(filter(None, [match.namespace, match.url_name])) or match.route
            targets.append(
                Target(
                    url=url,
                    name=name,
                    methods=methods,
                    acme_specific=any(v in walk.acme_only for _, v in combo),
                    has_params=bool(combo),
                    public=name in PUBLIC,
                    sources={"schema"},
                    param_kinds=tuple(kinds),
                    fake_url=path.format(**{k: _fake(v, walk) for k, v in combo}),
                )
            )
    return targets


def all_targets(walk: Walk, failures: list[str]) -> list[Target]:
    merged: dict[str, Target] = {}
    for target in [*resolver_targets(walk, failures), *schema_targets(walk, failures)]:
        if target.url in merged:
            known = merged[target.url]
            known.sources |= target.sources
            known.methods = tuple(dict.fromkeys((*known.methods, *target.methods)))
        else:
            merged[target.url] = target
    return list(merged.values())


# --- Watching the database ---------------------------------------------------------------------

SECURITY_FIELDS = ("email", "password", "is_active", "is_staff", "is_superuser")


def watched_models() -> list[type[models.Model]]:
    """Every table the walk guards: all of them except sessions (a sign-in writes one)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label != "sessions.Session" and model._meta.managed and not model._meta.proxy
    ]


def snapshot(acting: User | None, only: list[type[models.Model]] | None = None) -> dict:
    """Every row of every watched table (or of the ``only`` ones), except the acting user's
    own harmless fields (last login, name, time zone: a member may edit their own profile) and
    their own notification choices.
    Their email, password and flags are watched. Plain SQL."""
    qn = connection.ops.quote_name
    acting_pk = User._meta.pk.get_db_prep_value(acting.pk, connection) if acting else None
    state = {}
    with connection.cursor() as cursor:
        for model in watched_models() if only is None else only:
            meta = model._meta
            columns = [f.column for f in meta.concrete_fields]
            if model is User:
                columns = [c for c in columns if c != "last_login"]
            cursor.execute(
                f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(meta.db_table)} ORDER BY {qn(meta.pk.column)}"
            )
            rows = cursor.fetchall()
            if model is NotificationSetting and acting is not None:  # their own choices are theirs to make
                user_index = columns.index(meta.get_field("user").column)
                rows = [r for r in rows if r[user_index] != acting_pk]
            if model is User and acting is not None:
                pk_index = columns.index(meta.pk.column)
                mine = [r for r in rows if r[pk_index] == acting_pk]
                rows = [r for r in rows if r[pk_index] != acting_pk]
                state["acting user"] = [
                    tuple(r[columns.index(User._meta.get_field(f).column)] for f in SECURITY_FIELDS) for r in mine
                ]
            state[meta.label] = rows
    return state


def diff(before: dict, after: dict) -> str:
    changed = [label for label in before if before[label] != after.get(label)]
    return ", ".join(f"{label} ({len(before[label])} -> {len(after.get(label, []))} rows)" for label in changed)


CHANGE_LOG = "access_walk_change_log"
SESSION_TABLE = Session._meta.db_table


class DatabaseWatch:
    """Whether any request changed the database, as a full snapshot comparison tells, made cheap.

    A trigger on every watched table (and on sessions) writes the table's name into a log
    table on every INSERT, UPDATE and DELETE of a row, and on TRUNCATE. Both live in the
    test's transaction: they vanish with its rollback, and a write rolled back (a failed
    atomic block) takes its log line with it, as it takes the write. So a table with no log
    line since the last look holds exactly the rows it held then, and only the tables with
    one are read again and compared, row by row, with what they held (``snapshot``): the same
    comparison as snapshotting every table after every request, at the cost of one query
    when nothing was written."""

    def __init__(self, acting: User | None):
        assert connection.in_atomic_block, "the triggers must be rolled back with the test's transaction"
        self.acting = acting
        self.models = {model._meta.db_table: model for model in watched_models()}
        self.pending: set[str] = set()  # watched tables written since the last ``changes``
        self._install()
        self.seen = self._last()
        self.state = snapshot(acting)

    def _install(self) -> None:
        qn = connection.ops.quote_name
        tables = [*self.models, SESSION_TABLE]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"CREATE TABLE {CHANGE_LOG} (id bigserial PRIMARY KEY, table_name text NOT NULL)")
                cursor.execute(
                    f"CREATE FUNCTION {CHANGE_LOG}_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    f"INSERT INTO {CHANGE_LOG} (table_name) VALUES (TG_TABLE_NAME); RETURN NULL; END $$"
                )
                for table in tables:
                    for when, each in (("INSERT OR UPDATE OR DELETE", "ROW"), ("TRUNCATE", "STATEMENT")):
                        cursor.execute(
                            f"CREATE TRIGGER {CHANGE_LOG}_{each.lower()} AFTER {when} ON {qn(table)} "
                            f"FOR EACH {each} EXECUTE FUNCTION {CHANGE_LOG}_write()"
                        )
            else:  # SQLite has no TRUNCATE (DELETE without WHERE fires the row trigger)
                cursor.execute(
                    f"CREATE TABLE {CHANGE_LOG} (id integer PRIMARY KEY AUTOINCREMENT, table_name text NOT NULL)"
                )
                for n, table in enumerate(tables):
                    for event in ("INSERT", "UPDATE", "DELETE"):
                        cursor.execute(
                            f"CREATE TRIGGER {CHANGE_LOG}_{n}_{event.lower()} AFTER {event} ON {qn(table)} "
                            f"FOR EACH ROW BEGIN INSERT INTO {CHANGE_LOG} (table_name) VALUES ('{table}'); END"
                        )

    def _last(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {CHANGE_LOG}")
            return cursor.fetchone()[0]

    def poll(self) -> set[str]:
        """The tables written since the last poll (sessions included). The watched ones are
        kept for ``changes``: poll after every request."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, table_name FROM {CHANGE_LOG} WHERE id > %s", [self.seen])
            rows = cursor.fetchall()
        if rows:
            self.seen = max(i for i, _ in rows)
        written = {table for _, table in rows}
        self.pending |= written & self.models.keys()
        return written

    def changes(self) -> str:
        """What changed in the tables polled as written since the last call, as ``diff`` says
        it ("" for nothing)."""
        written = [self.models[table] for table in self.pending]
        self.pending = set()
        if not written:
            return ""
        after = snapshot(self.acting, only=written)
        before = {label: self.state[label] for label in after}
        self.state.update(after)
        return diff(before, after) if after != before else ""


# --- The walk ----------------------------------------------------------------------------------


def login_paths() -> set[str]:
    paths = {urlparse(resolve_url(settings.LOGIN_URL)).path}
    for name in LOGIN_NAMES:
        with contextlib.suppress(NoReverseMatch):  # a missing one fails test_public_allowlist_is_current
            paths.add(reverse(name))
    return paths


# Speak the protocols our endpoints speak, so that a protocol precondition (tus answers 412
# without its version header) cannot stand in front of the access check being walked.
# The tus metadata names a file with a NUL in it (base64 of "walk\x00.mov").
PROTOCOL_HEADERS = {
    "HTTP_TUS_RESUMABLE": "1.0.0",
    "HTTP_UPLOAD_LENGTH": "10",
    "HTTP_UPLOAD_METADATA": "filename d2FsawAubW92",
}


def _request(http: HttpClient, method: str, url: str, payload: dict, accept: str):
    headers = {"HTTP_ACCEPT": accept, **PROTOCOL_HEADERS}
    if method == "get":
        return http.get(url, **headers)
    if method == "post":
        return http.post(url, payload, **headers)  # multipart form: pages and the API both read it
    if method == "delete":
        return http.delete(url, **headers)
    return getattr(http, method)(url, json.dumps(payload), content_type="application/json", **headers)


def _session_cookie(http: HttpClient) -> str | None:
    morsel = http.cookies.get(settings.SESSION_COOKIE_NAME)
    return None if morsel is None else morsel.value


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace") + " " + response.get("Location", "")


def _ends_at_login(http: HttpClient, response, logins: set[str], hops: int = 3) -> bool:
    """A redirect that leads (within a few GETs) to a sign-in page."""
    for _ in range(hops):
        if response.status_code not in (301, 302, 303, 307, 308):
            return False
        location = urlparse(response.get("Location", ""))
        if location.path in logins:
            return True
        response = http.get(location.path + (f"?{location.query}" if location.query else ""))
    return False


def _same_as_for_nothing(http, target: Target, method: str, response, walk: Walk, accept: str) -> bool:
    """The answer is exactly what an id that exists nowhere gets, so it tells nothing."""
    if not target.acme_specific or not target.fake_url:
        return False
    other = _request(http, method, target.fake_url, walk.payload, accept)
    mine = _body(response)
    for real, fake in zip(target.url.split("/"), target.fake_url.split("/"), strict=True):
        mine = mine.replace(real, fake)
    return other.status_code == response.status_code and _body(other) == mine


def check(
    identity: str, target: Target, method: str, response, walk: Walk, logins: set[str], http: HttpClient, accept: str
) -> list[str]:
    problems = []
    status = response.status_code
    where = f"[{identity}] {method.upper()} {target.url} ({target.name})"
    if status >= 500:
        known = (identity, target.name, method, accept)
        if known in KNOWN_ISSUES:
            walk.known_seen.add(known)
        else:
            problems.append(f"{where}: {status} server error")
    secrets = walk.secrets[identity]
    if target.name in SHOWS_INVITATION:
        secrets = secrets[3:5]  # the invitee may read names, never internal timeline text
    body = _body(response)
    leaked = [s for s in secrets if s and s in body]
    if leaked:
        problems.append(f"{where}: {status} and the body contains {leaked}")
    if target.public:
        return problems
    # The Globex member shares the studio's organization with Acme, so a URL that names only
    # the organization may answer them (their own organization page); anything naming an
    # Acme object may not.
    outsider = identity in ("guest", "rival_producer", "rival_editor")  # nothing of this studio is theirs
    must_deny = identity == "anonymous" or target.acme_specific or (outsider and target.has_params)
    # A 4xx that an id of nothing gets too (say a protocol precondition checked before the
    # object is looked up) reveals nothing; anything else is a finding.
    if (
        must_deny
        and status not in DENIED
        and not _ends_at_login(http, response, logins)
        and not (400 <= status < 500 and _same_as_for_nothing(http, target, method, response, walk, accept))
    ):
        problems.append(f"{where}: expected 302-to-login/401/403/404/405, got {status}")
    return problems


def identities(walk: Walk) -> dict[str, User | None]:
    rival = OrganizationFactory(name="Rival Pictures", slug="rival")
    return {
        "globex": walk.studio.globex_user,
        "rival_producer": MembershipFactory(organization=rival, role=Role.PRODUCER).user,
        "rival_editor": MembershipFactory(organization=rival, role=Role.EDITOR).user,
        "guest": UserFactory(email="guest@example.test"),
        "anonymous": None,
    }


@pytest.mark.parametrize("identity", ["globex", "rival_producer", "rival_editor", "guest", "anonymous"])
def test_access_walk(walk, identity):
    failures: list[str] = []
    targets = all_targets(walk, failures)
    user = identities(walk)[identity]
    http = HttpClient(raise_request_exception=False)
    if user is not None:
        http.force_login(user)
    logins = login_paths()
    project = walk.studio.acme_project
    project.refresh_from_db()
    acme_before = (project.title, project.stage, project.status, project.description, project.due_date)
    watch = DatabaseWatch(user)
    cookie = _session_cookie(http)
    for target in targets:
        for method in target.methods:  # GET first
            # JSON and HTML: the browsable API renders forms (with choices) that JSON does not.
            api = method == "get" and target.url.startswith("/api/")
            for accept in ("application/json", "text/html") if api else ("*/*",):
                response = _request(http, method, target.url, walk.payload, accept)
                failures += check(identity, target, method, response, walk, logins, http, accept)
                written = watch.poll()
                # A logout URL signed us out: keep walking as this person. Whom the session
                # names can only have changed if the session cookie or the session table did.
                if user is not None:
                    may_differ = SESSION_TABLE in written or _session_cookie(http) != cookie
                    if may_differ and http.session.get("_auth_user_id") != str(user.pk):
                        http.force_login(user)
                        watch.poll()
                    cookie = _session_cookie(http)
            changed = watch.changes()
            if changed:
                failures.append(
                    f"[{identity}] {method.upper()} {target.url} ({target.name}) changed the database: {changed}"
                )
    for known, what in KNOWN_ISSUES.items():
        if known[0] == identity and known not in walk.known_seen:
            failures.append(f"KNOWN_ISSUES entry {known} no longer happens ({what}): remove it")
    project.refresh_from_db()
    assert (project.title, project.stage, project.status, project.description, project.due_date) == acme_before
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures[:80])


# --- The walk's own honesty ---------------------------------------------------------------------


def test_public_allowlist_is_current():
    """Every public entry still names a URL, so a removed or renamed page cannot leave a stale
    hole in the walk; and the login pages the walk redirects to exist."""
    names = {name for _, name, _ in iter_patterns()}
    missing = sorted(set(PUBLIC) - names)
    assert not missing, f"PUBLIC lists URL names that no longer exist: {missing}; update the allowlist"
    for name in LOGIN_NAMES:
        assert name in names


def test_database_watch_sees_what_a_full_snapshot_sees(walk):
    """The walk's change check (a trigger log, then only the written tables read again) reports
    exactly what comparing a snapshot of every table before and after reports: every insert,
    update and delete, by the ORM or in plain SQL, in any table (many-to-many ones too); the
    acting user's email, password and flags but not their last login or name; nothing for a
    write that was rolled back, nor for a session."""
    studio = walk.studio
    acting = studio.globex_user
    watch = DatabaseWatch(acting)
    qn = connection.ops.quote_name
    through = apps.get_model("projects", "Invitation").projects.through._meta

    def rolled_back_insert():
        with contextlib.suppress(RuntimeError), transaction.atomic():
            TimelineEventFactory(project=studio.acme_project, summary="never happened")
            raise RuntimeError

    def own_profile():
        acting.first_name, acting.last_login = "Renamed", timezone.now()
        acting.save(update_fields=["first_name", "last_login"])

    def own_email():
        User.objects.filter(pk=acting.pk).update(email="stolen@example.test")

    def plain_sql_update():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {qn(Project._meta.db_table)} SET {qn('title')} = 'x' WHERE id = %s",
                [Project._meta.pk.get_db_prep_value(studio.globex_project.pk, connection)],
            )

    def empty_many_to_many():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending on the table
                cursor.execute(f"TRUNCATE {qn(through.db_table)}")
            else:
                cursor.execute(f"DELETE FROM {qn(through.db_table)}")

    steps = {
        "nothing": lambda: None,
        "a session": lambda: HttpClient().force_login(studio.producer),
        "an insert": lambda: TimelineEventFactory(project=studio.globex_project),
        "a rolled-back insert": rolled_back_insert,
        "an update": lambda: Project.objects.filter(pk=studio.acme_project.pk).update(description="changed"),
        "an update to the same value": lambda: Project.objects.filter(pk=studio.acme_project.pk).update(
            description="changed"
        ),
        "a delete": lambda: ProjectAccess.objects.filter(user=studio.acme_user).delete(),
        "the acting user's own name and last login": own_profile,
        "the acting user's email": own_email,
        "the acting user's own notification choices": lambda: NotificationSetting.objects.create(
            user=acting, kind="review.comment", email=False
        ),
        "another user's notification choices": lambda: NotificationSetting.objects.create(
            user=studio.producer, kind="review.comment", email=False
        ),
        "another user's last login": lambda: User.objects.filter(pk=studio.producer.pk).update(
            last_login=timezone.now()
        ),
        "an update in plain SQL": plain_sql_update,
        "a many-to-many table emptied": empty_many_to_many,
    }
    reported, before = {}, snapshot(acting)
    for what, step in steps.items():
        step()
        after = snapshot(acting)
        expected = diff(before, after) if after != before else ""
        watch.poll()
        reported[what] = (watch.changes(), expected)
        before = after
    assert all(got == expected for got, expected in reported.values()), reported
    changed = {what for what, (got, _) in reported.items() if got}
    assert changed == {
        "an insert",
        "an update",
        "a delete",
        "the acting user's email",
        "another user's notification choices",
        "an update in plain SQL",
        "a many-to-many table emptied",
    }, reported
    assert through.label in reported["a many-to-many table emptied"][0]


def test_walk_covers_every_pattern_and_schema_operation(walk):
    failures: list[str] = []
    targets = all_targets(walk, failures)
    assert not failures, "\n".join(failures)
    walked_names = {t.name for t in targets}
    for _, name, _ in iter_patterns():
        assert name in walked_names, f"{name} was not walked"
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert schema["paths"], "the schema has no paths"
    schema_walked = {t.url for t in targets if "schema" in t.sources}
    assert len(schema_walked) >= len(schema["paths"])
    # Every URL with a parameter is tried with at least one Acme-only id.
    by_name: dict[str, list[Target]] = {}
    for t in targets:
        by_name.setdefault(t.name, []).append(t)
    for name, group in by_name.items():
        if any(t.has_params for t in group) and not any(t.public for t in group):
            only_shared = all(set(t.param_kinds) <= {"organization", "regex", "int"} for t in group)
            assert any(t.acme_specific for t in group) or only_shared, f"{name} never got an Acme id"
    acme_project = str(walk.studio.acme_project.pk)
    assert f"/api/projects/{acme_project}/timeline/" in {t.url for t in targets}
