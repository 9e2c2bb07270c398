"""The shoot's pages: the team reads them (a client and another studio get a 404), producers
write, an editor never sees a person's contact details, rate or notes, nor the money; forms
refuse bad input with the reason and change nothing; the lists' queries stay constant."""

import datetime as dt

import pytest

from production.shoot import services
from production.shoot.models import Location, Person, ShootDay
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

PRIVATE = ("ana@crew.test", "+49 170 1111111", "650.00", "Vegetarian")  # not "650": ids hold digits


def test_an_editor_sees_names_and_roles_not_contact_details_or_rates(studio, shoot, as_user):
    editor = as_user(studio.editor)
    page = editor.get(f"/projects/{shoot.project.pk}/shoot/").content.decode()
    assert "Ana Lima" in page and "Director of photography" in page
    for private in PRIVATE:
        assert private not in page
    assert editor.get(f"/shoot-people/{shoot.people[0].pk}/").status_code == 404
    day = editor.get(f"/shoot-days/{shoot.day.pk}/").content.decode()
    assert "Ana Lima" in day and "ana@crew.test" not in day
    producer = as_user(studio.producer).get(f"/projects/{shoot.project.pk}/shoot/").content.decode()
    for private in PRIVATE:
        assert private in producer


def test_a_client_and_another_studio_get_404_everywhere(studio, shoot, as_user):
    rival = MembershipFactory(organization=OrganizationFactory(slug="rival"), role="producer").user
    urls = [f"/projects/{shoot.project.pk}/shoot/", f"/projects/{shoot.project.pk}/shoot/section/",
            f"/shoot-days/{shoot.day.pk}/", f"/shoot-locations/{shoot.location.pk}/",
            f"/shoot-days/{shoot.day.pk}/call-sheet/"]  # fmt: skip
    for user in (studio.acme_user, rival):
        http = as_user(user)
        for url in urls:
            assert http.get(url).status_code == 404, (user, url)
        assert http.post(f"/projects/{shoot.project.pk}/shoot/people/", {"name": "Intruder"}).status_code == 404
    assert not Person.objects.filter(name="Intruder").exists()
    project_page = as_user(studio.acme_user).get(f"/projects/{shoot.project.pk}/").content.decode()
    assert "shoot-section" not in project_page  # the project page holds no shoot section for a client


def test_an_editor_cannot_write(studio, shoot, as_user):
    editor = as_user(studio.editor)
    assert (
        editor.post(f"/projects/{shoot.project.pk}/shoot/people/", {"name": "X", "department": "camera"}).status_code
        == 403
    )
    assert editor.post(f"/shoot-days/{shoot.day.pk}/delete/").status_code == 403
    assert editor.get(f"/projects/{shoot.project.pk}/shoot/days/new/").status_code == 403
    assert Person.objects.count() == 3 and ShootDay.objects.count() == 1


def test_a_producer_adds_a_location_and_a_bad_one_is_refused(studio, as_user):
    producer = as_user(studio.producer)
    url = f"/projects/{studio.acme_project.pk}/shoot/locations/"
    bad = producer.post(url, {"name": "", "contact_email": "nope", "permit_expires": "soon"})
    assert bad.status_code == 400 and not Location.objects.exists()
    body = bad.content.decode()
    assert "Enter a valid email address." in body and "Enter a valid date." in body
    good = producer.post(url, {"name": "Harbour", "address": "Pier 3", "permit_expires": "2031-01-01"})
    assert good.status_code == 302 and Location.objects.get().name == "Harbour"


def test_scheduling_a_day_with_calls_from_the_form(studio, shoot, as_user):
    producer = as_user(studio.producer)
    ana, ben = shoot.people[:2]
    response = producer.post(
        f"/projects/{shoot.project.pk}/shoot/days/new/",
        {"date": "2031-06-02", "call_time": "06:00", "wrap_time": "16:00", "time_zone": "Europe/Lisbon",
         "locations": [str(shoot.location.pk)], f"called_{ana.pk.hex}": "on", f"calltime_{ana.pk.hex}": "05:30",
         f"called_{ben.pk.hex}": "on", "weather": "Fog", "hospital": "Hospital de Santa Maria"},
    )  # fmt: skip
    day = ShootDay.objects.get(date=dt.date(2031, 6, 2))
    assert response.status_code == 302 and response["Location"] == f"/shoot-days/{day.pk}/"
    calls = {c.person.name: c.call_time for c in day.calls.select_related("person")}
    assert calls == {"Ana Lima": dt.time(5, 30), "Ben Okoro": None}
    assert day.time_zone == "Europe/Lisbon" and list(day.locations.all()) == [shoot.location]
    page = producer.get(f"/shoot-days/{day.pk}/").content.decode()
    assert "05:30" in page and "Hospital de Santa Maria" in page and "10 h" in page


def test_the_equipment_checklist_per_day(studio, shoot, as_user):
    item = services.equipment_create(project=shoot.project, by=studio.producer, item="Dolly", quantity=1)
    producer = as_user(studio.producer)
    producer.post(
        f"/shoot-days/{shoot.day.pk}/equipment/", {f"packed_{item.pk.hex}": "on", f"on_set_{item.pk.hex}": "on"}
    )
    check = item.checks.get(day=shoot.day)
    assert (check.packed, check.on_set, check.returned) == (True, True, False)
    assert as_user(studio.editor).post(f"/shoot-days/{shoot.day.pk}/equipment/", {}).status_code == 403
    check.refresh_from_db()
    assert check.packed


def test_the_shoot_page_queries_stay_constant(studio, shoot, as_user, django_assert_max_num_queries):
    producer = as_user(studio.producer)
    url = f"/projects/{shoot.project.pk}/shoot/"
    producer.get(url)
    with django_assert_max_num_queries(40) as few:
        producer.get(url)
    for n in range(12):
        person = services.person_create(
            project=shoot.project, by=studio.producer, name=f"Extra {n}", email=f"e{n}@x.test"
        )
        services.location_create(project=shoot.project, by=studio.producer, name=f"Place {n}")
        services.equipment_create(project=shoot.project, by=studio.producer, item=f"Item {n}")
        services.budget_line_create(project=shoot.project, by=studio.producer, category="other", description=f"L{n}",
                                    estimate="1")  # fmt: skip
        services.day_create(project=shoot.project, by=studio.producer, date=dt.date(2031, 7, 1) + dt.timedelta(days=n),
                            call_time="08:00", wrap_time="18:00", calls=[{"person": person.pk}])  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        producer.get(url)
    day_url = f"/shoot-days/{shoot.day.pk}/call-sheet/"
    producer.get(day_url)
    with django_assert_max_num_queries(40) as sheet_queries:
        producer.get(day_url)
    services.day_update(day=shoot.day, by=studio.producer,
                        calls=[{"person": p.pk} for p in Person.objects.filter(project=shoot.project)])  # fmt: skip
    with django_assert_max_num_queries(len(sheet_queries.captured_queries)):
        producer.get(day_url)


def test_the_project_page_section(studio, shoot, as_user):
    section = as_user(studio.editor).get(f"/projects/{shoot.project.pk}/shoot/section/").content.decode()
    assert "1 shoot day" in section and "1 location" in section and "3 crew and cast" in section
    assert "Day 1" in section
    project_page = as_user(studio.editor).get(f"/projects/{shoot.project.pk}/").content.decode()
    assert f"/projects/{shoot.project.pk}/shoot/section/" in project_page
