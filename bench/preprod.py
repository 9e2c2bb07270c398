"""Pre-production pages: the storyboard and the shot list with 5 and 500 frames / shots.

- ``preprod.queries_storyboard_<n>``: the SQL queries of one storyboard page
  (``/projects/<id>/storyboard/``, as its producer: the board and the add-a-frame form) with ``n``
  frames, a fifth of them commented, each linked to a scene of a three-version script.
- ``preprod.queries_shotlist_<n>``: the SQL queries of one shot list page (``/projects/<id>/shots/``,
  as its producer: the list grouped by scene, the brief's coverage, the add-a-shot form with every
  frame to pick from) with ``n`` shots, each drawn from a frame and linked to the brief's messages
  and assets.

Neither may grow with ``n``: each 500 figure is held to its 5 figure. Each page's server time over
a minimal view's (bench.harness.page_vs_hello: Django test client, full middleware stack, warm,
median of interleaved runs) is printed as a ``#`` line at both sizes.

- ``preprod.callsheet_pdf_vs_html``: a shoot day's call sheet with 40 people called (two locations,
  a call time each, hospital, weather, notes) downloaded as its PDF (WeasyPrint, the same
  template) over the same sheet as its page, both through the full stack as its producer, medians
  of interleaved runs. Target <= 5.
"""

from __future__ import annotations

from bench.harness import bench_database, page_queries, page_vs_hello, report, setup_django

SIZES = (5, 500)
ROUNDS = 15
SCRIPT_SCENES = 40
SIZE_CYCLE = ("EWS", "WS", "MS", "MCU", "CU", "ECU", "OTS", "INSERT")
FRAMINGS = ("16:9", "16:9+9:16", "9:16", "1:1")


def _script(version: int) -> str:
    """A script of SCRIPT_SCENES scenes; each version changes one line, so shots and frames are
    relinked twice."""
    scenes = "".join(
        f"\n{'EXT' if n % 3 else 'INT'}. PLACE {n} - {'DAY' if n % 2 else 'NIGHT'}\n\nThe runner at place {n}, "
        f"take {version if n == 7 else 1}.\n\nMAYA\nLine {n}.\n"
        for n in range(1, SCRIPT_SCENES + 1)
    )
    return f"Title: Bench launch\n{scenes}"


def _project():
    from production.ideation import services as ideation_services
    from production.storyboard import services
    from projects.models import Client, Membership, Organization, Project, ProjectAccess, Role, User

    org = Organization.objects.create(name="Bench Studio", slug="bench-preprod")
    producer = User.objects.create_user(email="producer@bench-preprod.test", password="x", first_name="Pia")
    Membership.objects.create(organization=org, user=producer, role=Role.PRODUCER)
    acme = Client.objects.create(organization=org, name="Acme")
    client_user = User.objects.create_user(email="client@acme-preprod.test", password="x", first_name="Cleo")
    Membership.objects.create(organization=org, user=client_user, role=Role.CLIENT, client=acme)
    project = Project.objects.create(organization=org, client=acme, owner=producer, title="Bench launch film")
    ProjectAccess.objects.create(project=project, user=client_user, granted_by=producer)
    for n in (1, 2, 3):
        services.script_save(project=project, text=_script(n), by=producer)
    ideation_services.brief_save(
        project=project,
        by=producer,
        summary="A trail shoe launch film.",
        messages=[{"text": f"Mandatory message {n}", "kind": "both"} for n in range(6)],
        assets=[
            {"kind": "cutdown", "count": 3, "aspect_ratio": "9:16", "duration": 15},
            {"kind": "bumper", "count": 1, "aspect_ratio": "16:9", "duration": 6},
            {"kind": "teaser", "count": 2, "aspect_ratio": "1:1", "duration": 10},
        ],
    )
    return project, producer


def _grow(project, producer, total: int) -> None:
    """Frames and shots up to ``total`` each, as the pages show them: frames with a picture and its
    thumbnail (names only: the pages link to them), a scene, how they are shot, a comment on one in
    five; a shot per frame with its scene, lens, framing, times and brief links."""
    from production.storyboard import brief
    from production.storyboard.models import Frame, FrameComment, ScriptVersion, Shot

    have = Frame.objects.filter(project=project).count()
    version = ScriptVersion.objects.filter(script__project=project).order_by("-number").first()
    scenes = list(version.scenes.order_by("position"))
    messages, assets = brief.brief_rows(project)
    frames = Frame.objects.bulk_create(
        Frame(
            project=project,
            position=n,
            scene=scenes[n % len(scenes)],
            image=f"storyboard/{project.pk}/bench/{n:04d}.jpg",
            thumbnail=f"storyboard/{project.pk}/bench/{n:04d}-thumb.jpg",
            image_width=1280,
            image_height=720,
            image_source=Frame.Source.UPLOAD,
            shot_size=SIZE_CYCLE[n % len(SIZE_CYCLE)],
            angle="eye",
            movement="tracking" if n % 2 else "static",
            duration="2.5",
            dialogue="MAYA (V.O.): Nobody tells you about the hour before dawn." if n % 4 == 0 else "",
            notes=f"Frame note {n}: breath visible in the cold, the sun low behind her.",
            created_by=producer,
        )
        for n in range(have, total)
    )
    FrameComment.objects.bulk_create(
        FrameComment(frame=f, author=producer, author_name="Pia", text="Tighter, please.")
        for f in frames
        if f.position % 5 == 0
    )
    Shot.objects.bulk_create(
        Shot(
            project=project,
            position=f.position,
            number=f"{f.scene.number}-{f.position // len(scenes) + 1}",  # unique: scene and take of it
            scene=f.scene,
            frame=f,
            description=f"Shot {f.position}: track alongside at running pace, the ridge behind her.",
            shot_size=f.shot_size,
            angle=f.angle,
            movement=f.movement,
            lens=("24mm", "35mm", "50mm", "85mm")[f.position % 4],
            location=f"Place {f.position % len(scenes)}",
            cast="Maya",
            setup_minutes=15 + f.position % 30,
            shoot_minutes=10 + f.position % 20,
            framing=FRAMINGS[f.position % len(FRAMINGS)],
            status=Shot.Status.values[f.position % 4],
            message_keys=[messages[f.position % len(messages)].key],
            asset_keys=[assets[f.position % len(assets)].key],
            created_by=producer,
        )
        for f in frames
    )


# --- The call sheet: a 40-person day as a PDF against the same page as HTML ---------------------

CALLED = 40
PDF_ROUNDS = 7


def _shoot_day(project, producer):
    """A shoot day of ``project`` with two locations and CALLED people across the departments,
    each with a call time of their own, a hospital, weather and notes: a real day's sheet."""
    import datetime as dt

    from production.shoot import services as shoot
    from production.shoot.models import Department

    locations = [
        shoot.location_create(
            project=project,
            by=producer,
            name=name,
            address=address,
            contact_name="Sam Keeper",
            contact_phone="+49 30 1234567",
            permit_reference=f"FILM-{n:04d}",
        )
        for n, (name, address) in enumerate(
            (
                ("Grunewald trail head", "Havelchaussee 66, 14193 Berlin"),
                ("Teufelsberg", "Teufelsseechaussee 10, Berlin"),
            )
        )
    ]
    departments = list(Department.values)
    people = [
        shoot.person_create(
            project=project,
            by=producer,
            name=f"Crew Member {n:02d}",
            role=f"Role {n}",
            department=departments[n % len(departments)],
            email=f"crew{n:02d}@bench-preprod.test",
            phone=f"+49 151 000{n:04d}",
            dietary="vegetarian" if n % 5 == 0 else "",
        )
        for n in range(CALLED)
    ]
    calls = [
        {"person": p.pk, "call_time": f"{6 + n % 3:02d}:{(n * 5) % 60:02d}", "note": ""} for n, p in enumerate(people)
    ]
    return shoot.day_create(
        project=project, by=producer, date=dt.date(2027, 3, 29), call_time="07:00", wrap_time="19:00",
        time_zone="Europe/Berlin", weather="Sunny, 14 °C, wind 10 km/h", locations=[loc.pk for loc in locations],
        hospital="DRK Kliniken Berlin Westend, Spandauer Damm 130, 14050 Berlin, +49 30 30350",
        notes="Parking at the trail head. Quiet on set from 08:00.", calls=calls,
    )  # fmt: skip


def _callsheet(project, producer) -> float:
    from django.test import Client
    from django.urls import reverse

    from bench.harness import interleaved_medians

    day = _shoot_day(project, producer)
    browser = Client()
    browser.force_login(producer)
    html = reverse("shoot-call-sheet", kwargs={"shootday_id": day.pk})
    pdf = reverse("shoot-call-sheet-pdf", kwargs={"shootday_id": day.pk})
    for url in (html, pdf):
        assert browser.get(url).status_code == 200, url
    medians = interleaved_medians(
        {"html": lambda: browser.get(html), "pdf": lambda: browser.get(pdf)}, rounds=PDF_ROUNDS
    )
    return medians["pdf"] / medians["html"]


def run() -> None:
    setup_django()
    from django.test import Client, override_settings
    from django.urls import reverse

    with bench_database(), override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        project, producer = _project()
        browser = Client()
        browser.force_login(producer)
        pages = {
            "storyboard": reverse("storyboard", kwargs={"project_id": project.pk}),
            "shotlist": reverse("shots", kwargs={"project_id": project.pk}),
        }
        queries: dict[tuple[str, int], int] = {}
        for size in SIZES:
            _grow(project, producer, size)
            for page, url in pages.items():
                queries[page, size] = page_queries(browser, url)
                ratio = page_vs_hello(browser, url, rounds=ROUNDS)
                print(f"# preprod.{page} at {size}: {ratio:.1f} x the minimal view's server time", flush=True)
        for page in pages:
            for size in SIZES:
                report(f"preprod.queries_{page}_{size}", queries[page, size], "queries", f"<={queries[page, SIZES[0]]}")
        report("preprod.callsheet_pdf_vs_html", _callsheet(project, producer), "ratio", "<=5")
