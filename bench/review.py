"""Review: the review page at 10 and 2,000 comment threads, 50 reviewers at once (issue 8), and a
viewer's watermarked copy. BENCH_REVIEW_PARTS picks parts (``pages,load,watermark``, all by default).

pages:

- ``review.queries_<n>_comments.<producer|client>``: the SQL queries of one review page
  (``/versions/<id>/review/``) of a version with ``n`` threads, as a producer (every thread) and
  as a client (no team-only ones). Must not grow with ``n``: the 2,000 count is held to the 10
  count.
- ``review.page_vs_hello_2000``: the producer's page at 2,000 threads, server time (Django test
  client, full middleware stack, warm, median of 15 interleaved runs) over a minimal view's in the
  same process (bench.harness.page_vs_hello, as bench/pages.py measures). Target <= 10.

The threads are what a review of a real cut holds: drawings of every tool (arrows, boxes,
ellipses, freehand strokes of many points, text), ranges, replies on a third of them, a few
team-only, a quarter resolved, some edited or deleted, a tenth carried from the cut's earlier
version and a tenth written through a share link by guests.

load:

- ``review.load_errors``, ``review.load_lost``, ``review.load_p99_ms``: 50 reviewers at once for
  60 s (BENCH_REVIEW_LOAD_SECONDS) against gunicorn (2 workers x 4 threads: a two-core machine)
  on a fresh PostgreSQL database (BENCH_POSTGRES_URL, else DATABASE_URL when it is PostgreSQL, else
  the local server; the database is made, migrated, seeded and dropped by the bench) with Redis as
  its cache and broker (BENCH_REDIS_URL, database 7, emptied before and after). Each reviewer signs
  in (password, for the page) and uses an API token (for the API), then in turn posts a comment
  (``POST /api/comments/``: a frame, text, now and then a drawing or a range), reads the version's
  comments (``GET /api/comments/?version=``) and reads the review page, pausing 1 to 3 s between
  requests (BENCH_REVIEW_THINK_SECONDS=2; 0 makes it a saturation test). A non-2xx answer or an
  exception is an error (target 0); every acknowledged post (201) must be a row afterwards and
  every new row an acknowledged post (target 0 either way); p99 is over every request (target
  <= 500 ms). The run happens in a process of its own (``python -m bench.review load``), whose
  database is PostgreSQL whatever the rest of the bench uses.

watermark — a viewer's watermarked copy of a 60 s 1080p30 version against the plain 720p proxy
encode:

(a) copy: what a guest who opens a review link waits for — the render of
    ``specs.watermark(text)`` asked through ``services.render_request`` and run as a worker runs
    it (``render_claim``, ``render_run``: probe, the one ffmpeg run — drawtext over the 720p
    picture, one encode teed to HLS and proxy.mp4, a poster — the master playlist, the outputs
    stored, the row written). Each round is a new viewer, so nothing is served from the cache.
(b) proxy: one ffmpeg making only the plain 720p proxy MP4 of the same source: the ladder's
    proxy rendition with the same libx264/AAC settings, no HLS, no text, no poster.

Both at the production encoder preset (``EncoderSettings().preset``), one at a time, interleaved.
Figure: ``review.watermark_vs_proxy`` = a/b (target <= 1.2: a copy costs about one proxy encode).
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import json
import os
import random
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from bench.harness import (
    bench_database,
    interleaved_medians,
    page_queries,
    page_vs_hello,
    report,
    setup_django,
    stored_asset,
)
from bench.render import SOURCE_SECONDS, _audio_options, _ffmpeg, _video_options, make_source

PARTS = os.environ.get("BENCH_REVIEW_PARTS", "pages,load,watermark").split(",")
ROUNDS = int(os.environ.get("BENCH_REVIEW_ROUNDS", "5"))  # watermark: the machine may be shared, medians of 5

SIZES = (10, 2000)
RATE = (24000, 1001)
FRAMES = 10 * 60 * 24  # a ten-minute cut
START = "01:00:00:00"
REVIEW_START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)  # the first note's time

# The load run: REVIEWERS people at once on LOAD_VERSIONS versions for LOAD_SECONDS, each pausing
# about THINK_SECONDS between requests (a person reads and types; half to one and a half times).
REVIEWERS = 50
LOAD_VERSIONS = 10
LOAD_THREADS = 40  # on each version before the run
LOAD_SECONDS = float(os.environ.get("BENCH_REVIEW_LOAD_SECONDS", "60"))
THINK_SECONDS = float(os.environ.get("BENCH_REVIEW_THINK_SECONDS", "2"))
# Two cores: a process for each (Python runs one thread at a time per process), four threads in
# each so one can run while others wait on the database; the client and PostgreSQL share the cores.
GUNICORN = {
    "workers": int(os.environ.get("BENCH_REVIEW_WORKERS", "2")),
    "threads": int(os.environ.get("BENCH_REVIEW_THREADS", "4")),
}
LOAD_DATABASE = "reelflow_bench_load"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")  # the bench's own database

NOTES = (
    "The logo should sit lower here and fade in over the first beat",
    "Colour drifts warm after the cut, match it to the wide",
    "Hold this shot two frames longer so the line lands",
    "The lower third overlaps the speaker's chin",
    "Can we lose the flash frame",
    "Music swell is early, bring it in after the title",
    "Reframe so the product is not cut off on the right",
    "Sound pops at the edit",
    "Legal needs the disclaimer on screen for three seconds",
    "Love this, keep it",
    "Too dark on a phone: lift the shadows a touch",
    "Swap this take for the one where she smiles at the end",
    "Subtitles run into the safe area",
    "Pace drops here; trim the pause before the answer",
)


@dataclass
class Scene:
    org: object
    producer: object
    editor: object
    client_user: object
    cut: object
    earlier: object  # v1: its open threads are carried onto v2
    version: object  # v2: the page measured
    guests: list


def _studio(slug: str):
    from projects.models import Client, Organization

    org = Organization.objects.create(name="Bench Studio", slug=slug)
    return org, Client.objects.create(organization=org, name="Acme")


def _member(org, email: str, first: str, last: str, role: str, client=None):
    from projects.models import Membership, User

    user = User.objects.create_user(email=email, password="x", first_name=first, last_name=last)
    Membership.objects.create(organization=org, user=user, role=role, client=client)
    return user


def _scene(org, acme, *, producer, editor, client_user, title: str = "Acme spring launch") -> Scene:
    """A project of ``acme`` the client user may see, its cut with two playable versions and a
    share link with two guests."""
    from production.edit.models import Cut
    from production.review.models import ShareGuest, ShareLink
    from projects.models import Project, ProjectAccess
    from tests.production.review.versions import make_version

    project = Project.objects.create(organization=org, client=acme, title=title, owner=producer)
    ProjectAccess.objects.create(project=project, user=client_user, granted_by=producer)
    cut = Cut.objects.create(project=project, title="Director's cut", client_visible=True)
    earlier = make_version(cut, frames=FRAMES + 240, rate=RATE, start=START, playable=True)
    version = make_version(cut, frames=FRAMES, rate=RATE, start=START, playable=True)
    link = ShareLink.objects.create(cut=cut, token=secrets.token_urlsafe(32), name="Agency", created_by=producer)
    guests = [
        ShareGuest.objects.create(link=link, name=name, email=f"{name.split()[0].lower()}@agency.test")
        for name in ("Gus Guest", "Gina Agency")
    ]
    return Scene(org, producer, editor, client_user, cut, earlier, version, guests)


def _make_scene() -> Scene:
    from projects.models import Role

    org, acme = _studio("bench-review")
    return _scene(
        org,
        acme,
        producer=_member(org, "producer@bench.test", "Pia", "Producer", Role.PRODUCER),
        editor=_member(org, "editor@bench.test", "Ed", "Editor", Role.EDITOR),
        client_user=_member(org, "client@acme.test", "Cleo", "Client", Role.CLIENT, client=acme),
    )


def make_drawing(rng: random.Random) -> list[dict]:
    """One to four shapes as the drawing layer makes them (review/drawing.py's rules)."""
    from production.review import drawing

    def point() -> list[float]:
        return [round(rng.uniform(0.05, 0.95), 4), round(rng.uniform(0.05, 0.95), 4)]

    colors = list(drawing.COLORS)
    shapes = []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        tool = rng.choice(("arrow", "arrow", "rect", "ellipse", "pen", "pen", "text"))
        shape = {"tool": tool, "color": rng.choice(colors)}
        if tool == "pen":  # a freehand stroke: a wandering path sampled every few pixels
            x, y = point()
            points = []
            for _ in range(rng.randint(20, 160)):
                x = min(max(x + rng.uniform(-0.012, 0.012), 0), 1)
                y = min(max(y + rng.uniform(-0.012, 0.012), 0), 1)
                points.append([round(x, 4), round(y, 4)])
            shape["points"] = points
        elif tool == "text":
            shape.update(points=[point()], text=rng.choice(("Logo", "Too dark", "Reframe", "Cut here", "?")))
        else:
            shape["points"] = [point(), point()]
        shapes.append(shape)
    return drawing.clean(shapes)


def _text(rng: random.Random) -> str:
    """One to four sentences; now and then a second paragraph, a link or an @mention."""
    text = " ".join(rng.choice(NOTES) + rng.choice(".!?.") for _ in range(rng.choice((1, 1, 2, 3, 4))))
    if rng.random() < 0.08:
        text += f"\n\nReference: https://vimeo.com/{rng.randint(10**7, 10**8)} at 0:{rng.randint(10, 59)}"
    if rng.random() < 0.05:
        text = "@Ed " + text
    return text


def grow_threads(scene: Scene, total: int, *, seed: int = 8) -> None:
    """Add threads until the producer's page shows ``total``: a tenth carried from v1 (open
    ones; v1 also holds a resolved one, which stays behind), the rest on v2. Ids and times come
    from ``seed``, so two runs make the same page."""
    from production.review.models import Comment

    rng = random.Random(seed + total)
    have = Comment.objects.filter(version=scene.version, thread__isnull=True).count()
    have += Comment.objects.filter(
        version=scene.earlier, thread__isnull=True, resolved_at__isnull=True, deleted_at__isnull=True
    ).count()
    team = [scene.producer, scene.editor]
    made: list = []

    def comment(at: dt.datetime, **fields):
        made.append(Comment(id=uuid.UUID(int=rng.getrandbits(128), version=4), **fields))
        made[-1].created_at = at  # written after the insert (created_at is auto_now_add)
        return made[-1]

    for n in range(have, total):
        at = REVIEW_START + dt.timedelta(seconds=97 * n)
        carried = n % 10 == 9
        version = scene.earlier if carried else scene.version
        who = rng.random()
        author, guest, internal = None, None, False
        if who < 0.1:
            guest = rng.choice(scene.guests)
        elif who < 0.4:
            author = scene.client_user
        else:
            author = rng.choice(team)
            internal = rng.random() < 0.15
        frame = rng.randrange(0, FRAMES - 50)
        deleted = rng.random() < 0.01
        resolved = not carried and rng.random() < 0.25
        thread = comment(
            at,
            version=version,
            author=author,
            guest=guest,
            author_name=guest.name if guest else author.display_name,
            frame=frame,
            end_frame=frame + rng.randint(12, 48) if rng.random() < 0.1 else None,
            text="" if deleted else _text(rng),
            internal=internal,
            drawing=[] if deleted or rng.random() < 0.55 else make_drawing(rng),
            resolved_at=at + dt.timedelta(hours=5) if resolved else None,
            resolved_by=scene.producer if resolved else None,
            edited_at=at + dt.timedelta(minutes=3) if rng.random() < 0.05 else None,
            deleted_at=at + dt.timedelta(minutes=9) if deleted else None,
        )
        if rng.random() < 0.3:
            for k in range(rng.randint(1, 3)):
                by = rng.choice(team if internal else [*team, scene.client_user, scene.guests[0]])
                is_guest = not hasattr(by, "display_name")
                comment(
                    at + dt.timedelta(minutes=20 * (k + 1)), version=version, thread=thread,
                    author=None if is_guest else by, guest=by if is_guest else None,
                    author_name=by.name if is_guest else by.display_name, text=_text(rng), internal=internal,
                )  # fmt: skip
    if made and not Comment.objects.filter(version=scene.earlier, resolved_at__isnull=False).exists():
        comment(
            REVIEW_START, version=scene.earlier, author=scene.producer, author_name=scene.producer.display_name,
            frame=100, text="Fixed in v2.", resolved_at=REVIEW_START, resolved_by=scene.producer,
        )  # fmt: skip
    threads = [c for c in made if c.thread is None]
    replies = [c for c in made if c.thread is not None]
    times = {c.pk: c.created_at for c in made}
    Comment.objects.bulk_create(threads, batch_size=500)
    Comment.objects.bulk_create(replies, batch_size=500)
    for c in made:
        c.created_at = times[c.pk]
    Comment.objects.bulk_update(made, ["created_at"], batch_size=500)
    _analyze(Comment)


def _analyze(model) -> None:
    """Refresh the planner's statistics of ``model``'s table, as autovacuum does a minute after a
    bulk change on a live server: pages are timed against a database that knows its tables, not
    against estimates from when the table was empty."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def _review_pages() -> None:
    from django.test import Client, override_settings
    from django.urls import reverse

    with bench_database(), override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        scene = _make_scene()
        browsers = {}
        for role, user in (("producer", scene.producer), ("client", scene.client_user)):
            browsers[role] = Client()
            browsers[role].force_login(user)
        url = reverse("version-review", kwargs={"version_id": scene.version.pk})
        queries: dict[tuple[int, str], int] = {}
        ratios: dict[int, float] = {}
        for size in SIZES:
            grow_threads(scene, size)
            for role, browser in browsers.items():
                queries[size, role] = page_queries(browser, url)
            ratios[size] = page_vs_hello(browsers["producer"], url, rounds=15)
        print(f"# the producer's page at {SIZES[0]} threads: {ratios[SIZES[0]]:.1f} x the minimal view", flush=True)
        for size in SIZES:
            for role in browsers:
                report(f"review.queries_{size}_comments.{role}", queries[size, role], "queries",
                       f"<={queries[SIZES[0], role]}")  # fmt: skip
        report(f"review.page_vs_hello_{SIZES[-1]}", ratios[SIZES[-1]], "ratio", "<=10")


# --- 50 reviewers at once --------------------------------------------------------------------


@dataclass
class Reviewer:
    email: str
    token: str
    version: str  # the version they review (its id)
    team: bool


@dataclass
class Tally:
    """What the clients saw: each request's seconds, the failures by kind, the acknowledged posts."""

    seconds: list = field(default_factory=list)
    by_kind: dict = field(default_factory=dict)
    errors: collections.Counter = field(default_factory=collections.Counter)
    acked: list = field(default_factory=list)

    def add(self, kind: str, seconds: float, failure: str | None) -> None:
        self.seconds.append(seconds)
        self.by_kind.setdefault(kind, []).append(seconds)
        if failure:
            self.errors[f"{kind} {failure}"] += 1


def _load_studio() -> list[Reviewer]:
    """LOAD_VERSIONS projects, each a cut whose v2 is under review with LOAD_THREADS threads (and
    notes carried from v1); REVIEWERS people, two in five of the team, the rest the client's,
    each with an API token and a version to review."""
    from rest_framework.authtoken.models import Token

    from projects.models import ProjectAccess, Role

    org, acme = _studio("bench-load")
    people = []
    for n in range(REVIEWERS):
        if n % 5 < 2:
            role = Role.PRODUCER if n % 10 == 0 else Role.EDITOR
            people.append(_member(org, f"team{n:02d}@bench.test", "Team", f"{n:02d}", role))
        else:
            people.append(_member(org, f"client{n:02d}@acme.test", "Client", f"{n:02d}", Role.CLIENT, client=acme))
    team = [p for n, p in enumerate(people) if n % 5 < 2]
    clients = [p for n, p in enumerate(people) if n % 5 >= 2]
    scenes = []
    for k in range(LOAD_VERSIONS):
        scene = _scene(org, acme, producer=team[0], editor=team[1], client_user=clients[k % len(clients)],
                       title=f"Acme film {k + 1}")  # fmt: skip
        grow_threads(scene, LOAD_THREADS, seed=1000 * k)
        scenes.append(scene)
    reviewers = []
    for n, person in enumerate(people):
        scene = scenes[n % LOAD_VERSIONS]
        if n % 5 >= 2:
            ProjectAccess.objects.get_or_create(project=scene.cut.project, user=person)
        token = Token.objects.create(user=person).key
        reviewers.append(Reviewer(person.email, token, str(scene.version.pk), team=n % 5 < 2))
    return reviewers


class Clock:
    """The run starts when every reviewer has signed in and warmed the server up, and lasts
    LOAD_SECONDS."""

    def __init__(self, reviewers: int):
        self.waiting, self.go, self.deadline = reviewers, asyncio.Event(), 0.0

    async def ready(self) -> None:
        self.waiting -= 1
        if not self.waiting:
            self.deadline = time.monotonic() + LOAD_SECONDS
            self.go.set()
        await self.go.wait()


async def _review(base: str, who: Reviewer, n: int, clock: Clock, tally: Tally) -> None:
    """One reviewer: signs in (the page) with a password and uses an API token (the API), then
    posts a comment, reads the version's comments, reads the review page, and again, pausing
    about THINK_SECONDS between requests, until the clock runs out."""
    import aiohttp
    import yarl

    rng = random.Random(n)
    timeout = aiohttp.ClientTimeout(total=60)

    def session(**options) -> aiohttp.ClientSession:
        # A browser's way with idle connections: closed before the server's keep-alive (gunicorn's
        # 2 s) runs out, so a request never goes out on a connection the server is closing.
        connector = aiohttp.TCPConnector(keepalive_timeout=1)
        return aiohttp.ClientSession(base, timeout=timeout, connector=connector, **options)

    async with (
        session(headers={"Authorization": f"Token {who.token}"}, cookie_jar=aiohttp.DummyCookieJar()) as api,
        session(cookie_jar=aiohttp.CookieJar(unsafe=True)) as web,  # unsafe: the server is an IP address
    ):
        async with web.get("/accounts/login/") as resp:
            await resp.read()
        csrf = web.cookie_jar.filter_cookies(yarl.URL(base))["csrftoken"].value
        form = {"username": who.email, "password": "x", "csrfmiddlewaretoken": csrf}
        async with web.post("/accounts/login/", data=form, allow_redirects=False) as resp:
            assert resp.status == 302, f"{who.email} could not sign in ({resp.status})"
        page, comments = f"/versions/{who.version}/review/", f"/api/comments/?version={who.version}"
        for client, url in ((api, comments), (web, page)):  # the server warmed up before the clock starts
            async with client.get(url, allow_redirects=False) as resp:
                await resp.read()
        await clock.ready()
        await asyncio.sleep(rng.uniform(0, THINK_SECONDS))  # not all at once
        step = n
        while time.monotonic() < clock.deadline:
            kind = ("post", "list", "page")[step % 3]
            step += 1
            failure = None
            start = time.perf_counter()
            try:
                if kind == "post":
                    async with api.post("/api/comments/", json=_new_comment(rng, who)) as resp:
                        body = await resp.read()
                        if resp.status == 201:
                            tally.acked.append(json.loads(body)["id"])
                else:
                    client, url = (api, comments) if kind == "list" else (web, page)
                    async with client.get(url, allow_redirects=False) as resp:
                        await resp.read()
                if not 200 <= resp.status < 300:
                    failure = str(resp.status)
            except (aiohttp.ClientError, TimeoutError) as exc:
                failure = type(exc).__name__
            tally.add(kind, time.perf_counter() - start, failure)
            await asyncio.sleep(rng.uniform(0.5, 1.5) * THINK_SECONDS)


def _new_comment(rng: random.Random, who: Reviewer) -> dict:
    frame = rng.randrange(0, FRAMES - 50)
    body = {"version": who.version, "frame": frame, "text": _text(rng)}
    if rng.random() < 0.2:
        body["drawing"] = make_drawing(rng)
    if rng.random() < 0.1:
        body["end_frame"] = frame + rng.randint(12, 48)
    if who.team:
        body["internal"] = rng.random() < 0.3
    return body


def _redis(url: str):
    """The bench's own Redis database (cache and broker of the server), emptied; None when
    there is no Redis to use (the server then keeps its cache per process)."""
    if not url:
        return None
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError:
        return None
    return client


def load_main(out: Path) -> None:
    """The load run, in a process of its own whose default database is PostgreSQL: a fresh
    database (migrated, seeded, dropped at the end), gunicorn on it, the reviewers, the count."""
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings

    from production.review.models import Comment
    from tests.workers import WebServer

    assert connection.vendor == "postgresql", "the load bench runs against PostgreSQL"
    connection.settings_dict["TEST"]["NAME"] = LOAD_DATABASE
    cache = _redis(REDIS_URL)
    server_env = {"REDIS_URL": REDIS_URL, "CACHE_URL": REDIS_URL} if cache else {}
    with tempfile.TemporaryDirectory(dir=settings.BASE_DIR / "var") as tmp:
        media = Path(tmp) / "media"
        os.environ["TEST_MEDIA_ROOT"] = str(media)
        with bench_database(), override_settings(MEDIA_ROOT=str(media)):
            reviewers = _load_studio()
            seeded = Comment.objects.count()
            server = WebServer(Path(tmp), **GUNICORN, **server_env)
            server.start()
            tally = Tally()
            load_before = os.getloadavg()[0]
            try:

                async def everyone() -> None:
                    clock = Clock(len(reviewers))
                    await asyncio.gather(*(_review(server.url, r, n, clock, tally) for n, r in enumerate(reviewers)))

                asyncio.run(everyone())
            finally:
                server.kill()
            load_after = os.getloadavg()[0]
            kept = Comment.objects.filter(pk__in=tally.acked).count()
            written = Comment.objects.count() - seeded
            log_tail = server.log.read_text(errors="replace")[-3000:] if tally.errors else ""
    if cache is not None:
        cache.flushdb()
    out.write_text(
        json.dumps(
            {
                "requests": len(tally.seconds),
                "errors": sum(tally.errors.values()),
                "error_kinds": dict(tally.errors),
                "acked": len(tally.acked),
                "lost": len(tally.acked) - kept,  # acknowledged, yet not in the database
                "unacked": written - kept,  # in the database, yet never acknowledged
                "p99_ms": _percentile(tally.seconds, 99) * 1000,
                "p50_ms": _percentile(tally.seconds, 50) * 1000,
                "p99_by_kind_ms": {k: round(_percentile(v, 99) * 1000) for k, v in tally.by_kind.items()},
                "log_tail": log_tail,
                "loadavg": [load_before, load_after],
            }
        )
    )


def _percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _postgres_url() -> str:
    """BENCH_POSTGRES_URL, else DATABASE_URL when it names PostgreSQL, else the local server."""
    for url in (os.environ.get("BENCH_POSTGRES_URL", ""), os.environ.get("DATABASE_URL", "")):
        if url.startswith(("postgres://", "postgresql://", "pgsql://")):
            return url
    return "postgres://postgres@127.0.0.1:5432/reelflow_bench"


def _load() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "load.json"
        env = {**os.environ, "DATABASE_URL": _postgres_url(), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
        subprocess.run([sys.executable, "-m", "bench.review", "load", str(out)], env=env, check=True)
        result = json.loads(out.read_text())
    seconds = f"{LOAD_SECONDS:g} s"
    print(
        f"# {REVIEWERS} reviewers x {seconds} (pause {THINK_SECONDS:g} s +-50 %) on {LOAD_VERSIONS} versions of "
        f"{LOAD_THREADS} threads; gunicorn {GUNICORN['workers']} workers x {GUNICORN['threads']} threads; "
        f"{result['requests']} requests, {result['acked']} comments posted; p50 {result['p50_ms']:.0f} ms; "
        f"p99 by kind {result['p99_by_kind_ms']}; the machine's load average {result['loadavg'][0]:.1f} before, "
        f"{result['loadavg'][1]:.1f} at the end",
        flush=True,
    )
    if result["errors"]:
        print(f"# errors: {result['error_kinds']}\n# server log, last lines:\n{result['log_tail']}", flush=True)
    if result["unacked"]:
        print(f"# {result['unacked']} comments were written that no client was told of", flush=True)
    report("review.load_errors", result["errors"], "errors", "<=0")
    report("review.load_lost", result["lost"] + result["unacked"], "comments", "<=0")
    report("review.load_p99_ms", round(result["p99_ms"]), "ms", "<=500")


# --- A viewer's watermarked copy --------------------------------------------------------------


def plain_proxy(src: Path, out: Path, plan) -> None:
    """(b) The 720p proxy alone, as the ladder would encode it on its own."""
    index = next(i for i, r in enumerate(plan.renditions) if r.name == plan.proxy)
    proxy = plan.renditions[index]
    rate = f"{plan.frame_rate[0]}/{plan.frame_rate[1]}"
    _ffmpeg(
        "-i", str(src), "-vf", f"fps={rate},scale={proxy.width}:{proxy.height}:flags=bicubic,setsar=1,format=yuv420p",
        *_video_options(plan, index), *_audio_options(plan), "-movflags", "+faststart", str(out / "proxy.mp4"),
    )  # fmt: skip


def _version(src: Path):
    """A stored asset of ``src`` in a throwaway studio, as an upload leaves it (ready)."""
    from production.media.models import MediaAsset

    return stored_asset(src, slug="bench-review", status=MediaAsset.Status.READY)


def _watermark() -> None:
    """``review.watermark_vs_proxy`` (see the module's docstring)."""
    from django.test import override_settings

    from production.media import services, specs
    from production.media.engine import EncoderSettings, plan_ladder, probe
    from production.media.models import Render

    preset = EncoderSettings().preset  # the production default, not the tests' fastest preset
    with (
        tempfile.TemporaryDirectory(prefix="bench-review-") as tmp,
        bench_database(),
        override_settings(RENDER_X264_PRESET=preset, MEDIA_ROOT=str(Path(tmp) / "media")),
    ):
        root = Path(tmp)
        src = root / "source.mp4"
        make_source(src)
        plan = plan_ladder(probe(src), encoder=EncoderSettings(preset=preset))
        asset = _version(src)
        viewers = iter(f"Guest {n} <guest{n}@example.com>" for n in range(1, 1000))
        copies: list[Render] = []

        def copy() -> None:
            # queued as the review app queues it; run here as the worker would run it
            with mock.patch("production.media.services.publish_after_commit"):
                render = services.render_request(asset=asset, spec=specs.watermark(text=next(viewers)), by=None)
            services.render_run(render=services.render_claim(render_id=render.pk))
            render.refresh_from_db()
            if render.status != Render.Status.SUCCEEDED:
                raise RuntimeError(f"the watermarked copy failed: {render.error}")
            copies.append(render)

        def proxy() -> None:
            out = root / "proxy"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            plain_proxy(src, out, plan)

        cpu: dict[str, list[float]] = {}

        def cpu_timed(name, fn):
            """Also add up the CPU seconds of the ffmpeg/ffprobe children: the machine may be shared."""

            def timed() -> None:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                fn()
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.setdefault(name, []).append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))

            return timed

        medians = interleaved_medians(
            {"proxy": cpu_timed("proxy", proxy), "copy": cpu_timed("copy", copy)}, rounds=ROUNDS, warmup=0
        )
        for name, seconds in medians.items():
            cpu_seconds = sorted(cpu[name])[len(cpu[name]) // 2]
            print(f"# review.{name}: {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU, for {SOURCE_SECONDS} s of 1080p30")
        first = copies[0].files
        print(
            f"# review.copy outputs: {', '.join(sorted(first.main))}; {first.renditions[0].label}; "
            f"CPU-time ratio copy/proxy {sum(cpu['copy']) / sum(cpu['proxy']):.2f} (less sensitive to other load)",
            flush=True,
        )
        report("review.watermark_vs_proxy", medians["copy"] / medians["proxy"], "ratio", "<=1.2")


def run() -> None:
    setup_django()
    parts = {"pages": _review_pages, "load": _load, "watermark": _watermark}
    for name in PARTS:
        parts[name.strip()]()


if __name__ == "__main__" and sys.argv[1:2] == ["load"]:
    load_main(Path(sys.argv[2]))
