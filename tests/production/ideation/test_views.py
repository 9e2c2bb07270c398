"""Ideation's pages: the board (the team's), an idea, promotion, the brief with its formsets,
its history and comparison, and the client's sign-off in the browser's forms."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from production.ideation import services
from production.ideation.models import Brief, BriefSignoff, BriefVersion, Idea, IdeaComment, Metric
from projects.models import Project, TimelineEvent

from .conftest import full_brief

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def ideas(studio):
    made = []
    for n, title in enumerate(["Trail care tips", "Chef's table", "Behind the seams"]):
        made.append(services.idea_create(organization=studio.org, by=studio.editor, title=title, pitch=f"Pitch {n}"))
    services.idea_vote_toggle(idea=made[1], by=studio.producer)
    services.idea_vote_toggle(idea=made[1], by=studio.marketer)
    services.idea_vote_toggle(idea=made[2], by=studio.producer)
    services.idea_update(idea=made[2], by=studio.producer, status=Idea.Status.DROPPED)
    return made


def test_the_board_lists_ideas_by_votes_and_filters_by_status(studio, as_user, ideas):
    page = as_user(studio.editor).get(reverse("idea-board"))
    assert page.status_code == 200
    html = page.content.decode()
    order = [html.index(t) for t in ("Chef&#x27;s table", "Behind the seams", "Trail care tips")]
    assert order == sorted(order)  # most voted first
    assert "Ideas" in text_of(page)
    dropped = text_of(as_user(studio.editor).get(reverse("idea-board") + "?status=dropped"))
    assert "Behind the seams" in dropped and "Trail care tips" not in dropped
    bad = as_user(studio.editor).get(reverse("idea-board") + "?status=famous")
    assert bad.status_code == 400
    assert "There is no idea status called “famous”" in bad.content.decode()


def test_the_board_keeps_its_queries_as_ideas_grow(studio, as_user, ideas, django_assert_max_num_queries):
    browser = as_user(studio.producer)
    browser.get(reverse("idea-board"))
    with django_assert_max_num_queries(12) as few:
        browser.get(reverse("idea-board"))
    for n in range(15):
        idea = services.idea_create(organization=studio.org, by=studio.producer, title=f"More {n}")
        services.idea_comment(idea=idea, by=studio.editor, text="Yes")
        services.idea_vote_toggle(idea=idea, by=studio.editor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "More 14" in browser.get(reverse("idea-board")).content.decode()


def test_an_empty_board_says_what_to_do(studio, as_user):
    page = text_of(as_user(studio.marketer).get(reverse("idea-board")))
    assert "No ideas yet" in page and "New idea" in page


def test_a_client_never_sees_the_board_nor_an_idea(studio, as_user, ideas):
    browser = as_user(studio.acme_user)
    assert browser.get(reverse("idea-board")).status_code == 404
    assert browser.get(reverse("idea-detail", args=[ideas[0].pk])).status_code == 404
    assert browser.post(reverse("idea-vote", args=[ideas[0].pk])).status_code == 404
    assert ">Ideas<" not in browser.get(reverse("dashboard")).content.decode()
    assert ">Ideas<" in as_user(studio.editor).get(reverse("dashboard")).content.decode()


def test_create_vote_comment_through_the_pages(studio, as_user):
    browser = as_user(studio.marketer)
    bad = browser.post(reverse("idea-create"), {"organization": studio.org.pk, "title": " ", "platforms": ["tiktok"]})
    assert bad.status_code == 400 and "Write the idea&#x27;s title." in bad.content.decode()
    assert not Idea.objects.exists()
    made = browser.post(
        reverse("idea-create"),
        {"organization": studio.org.pk, "title": "Drone unboxing", "pitch": "FPV", "platforms": ["tiktok"]},
    )
    idea = Idea.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse("idea-detail", args=[idea.pk])
    browser.post(reverse("idea-vote", args=[idea.pk]))
    browser.post(reverse("idea-comment", args=[idea.pk]), {"text": "Shoot it at dawn"})
    empty = browser.post(reverse("idea-comment", args=[idea.pk]), {"text": ""})
    assert empty.status_code == 400 and "Write the comment." in empty.content.decode()
    page = text_of(browser.get(reverse("idea-detail", args=[idea.pk])))
    assert "Voted · 1" in page and "Shoot it at dawn" in page and "TikTok" in page
    assert IdeaComment.objects.count() == 1


def test_a_producer_promotes_an_idea_and_lands_on_its_brief(studio, as_user, ideas):
    idea = ideas[0]
    browser = as_user(studio.producer)
    form = browser.get(reverse("idea-promote", args=[idea.pk]))
    assert "Globex" in form.content.decode() and "Create the project" in form.content.decode()
    refused = browser.post(reverse("idea-promote", args=[idea.pk]), {"client": "", "title": "Trail care tips"})
    assert refused.status_code == 400 and not Project.objects.filter(title="Trail care tips").exists()
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    done = browser.post(
        reverse("idea-promote", args=[idea.pk]), {"client": studio.globex.pk, "title": "Trail care", "due_date": due}
    )
    project = Project.objects.get(title="Trail care")
    assert done["Location"] == reverse("brief", args=[project.pk])
    brief_page = text_of(browser.get(done["Location"]))
    assert "Version 1" in brief_page and "Pitch 0" in brief_page
    assert "→ Trail care" in text_of(browser.get(reverse("idea-board")))
    assert as_user(studio.editor).get(reverse("idea-promote", args=[idea.pk])).status_code in (302, 403)


def test_a_client_reads_their_brief_but_not_another_companys(studio, as_user, brief_v1):
    own = as_user(studio.acme_user).get(reverse("brief", args=[studio.acme_project.pk]))
    assert own.status_code == 200
    assert "Free returns for 60 days" in own.content.decode()
    assert "Sign off version 1" in own.content.decode()
    assert as_user(studio.globex_user).get(reverse("brief", args=[studio.acme_project.pk])).status_code == 404
    assert as_user(studio.acme_user).get(reverse("brief-edit", args=[studio.acme_project.pk])).status_code == 403


def test_the_client_signs_off_in_the_browser_and_a_new_version_needs_its_own(studio, as_user, brief_v1):
    url = reverse("brief", args=[studio.acme_project.pk])
    client = as_user(studio.acme_user)
    signed = client.post(reverse("brief-sign-off", args=[studio.acme_project.pk]), {"version": brief_v1.pk})
    assert signed.status_code == 302
    page = text_of(client.get(url))
    assert "Version 1 is signed off." in page and studio.acme_user.display_name in page
    assert "Sign off version" not in page
    services.brief_save(project=studio.acme_project, by=studio.producer, **full_brief(audience="Trail runners"))
    page = text_of(client.get(url))
    assert "Version 2 is not signed off yet." in page
    assert "Version 1 was signed off" in page and "Sign off version 2" in page
    stale = client.post(reverse("brief-sign-off", args=[studio.acme_project.pk]), {"version": brief_v1.pk}, follow=True)
    assert "Version 1 is not the current brief" in stale.content.decode()
    assert BriefSignoff.objects.count() == 1
    assert client.post(reverse("brief-sign-off", args=[studio.acme_project.pk]), {"version": "nope"}).status_code == 404


def formset_post(**overrides) -> dict:
    """What the brief's edit page posts: the fields, then each formset's management form and rows."""
    data = {
        "summary": "A spring film",
        "objective": "awareness",
        "audience": "Runners",
        "budget": "5000",
        "currency": "EUR",
        "deadline": "",
        "note": "First go",
        "kpis-TOTAL_FORMS": "3", "kpis-INITIAL_FORMS": "0", "kpis-MIN_NUM_FORMS": "0", "kpis-MAX_NUM_FORMS": "30",
        "kpis-0-metric": "views", "kpis-0-target": "250000", "kpis-0-due": "",
        "kpis-1-metric": "click_through_rate", "kpis-1-target": "1.5", "kpis-1-due": "",
        "kpis-2-metric": "", "kpis-2-target": "", "kpis-2-due": "",  # the blank extra row
        "platforms-TOTAL_FORMS": "1", "platforms-INITIAL_FORMS": "0", "platforms-MIN_NUM_FORMS": "0",
        "platforms-MAX_NUM_FORMS": "30", "platforms-0-platform": "instagram_reels", "platforms-0-ideal_runtime": "15",
        "platforms-0-aspect_ratios": ["9:16", "4:5"], "platforms-0-notes": "",
        "messages-TOTAL_FORMS": "1", "messages-INITIAL_FORMS": "0", "messages-MIN_NUM_FORMS": "0",
        "messages-MAX_NUM_FORMS": "30", "messages-0-text": "Logo in the last 3 s", "messages-0-kind": "show",
        "assets-TOTAL_FORMS": "1", "assets-INITIAL_FORMS": "0", "assets-MIN_NUM_FORMS": "0",
        "assets-MAX_NUM_FORMS": "30", "assets-0-kind": "", "assets-0-count": "1", "assets-0-aspect_ratio": "",
        "assets-0-duration": "", "assets-0-notes": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_producer_writes_the_brief_with_formsets(studio, as_user):
    browser = as_user(studio.producer)
    url = reverse("brief-edit", args=[studio.acme_project.pk])
    page = browser.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="kpis-TOTAL_FORMS"' in html and "kpis-__prefix__-metric" in html  # the empty row to add
    saved = browser.post(url, formset_post())
    assert saved.status_code == 302, text_of(saved)[:2000]
    version = BriefVersion.objects.get()
    assert [(k.metric, str(k.target)) for k in version.kpis.all()] == [("views", "250000.00"),
                                                                     ("click_through_rate", "1.50")]  # fmt: skip
    assert version.platforms.get().aspect_ratios == ["9:16", "4:5"]
    assert version.messages.get().text == "Logo in the last 3 s"
    assert not version.assets.exists()  # the blank row is no row
    # The edit page now holds the rows with their keys; removing one and saving makes version 2.
    html = browser.get(url).content.decode()
    key = str(version.kpis.get(metric="views").key)
    assert f'value="{key}"' in html
    data = formset_post(**{"kpis-INITIAL_FORMS": "2", "kpis-0-key": key, "kpis-1-key": str(
        version.kpis.get(metric="click_through_rate").key), "kpis-1-DELETE": "on"})  # fmt: skip
    assert browser.post(url, data).status_code == 302
    v2 = BriefVersion.objects.get(number=2)
    assert [(k.metric, k.key) for k in v2.kpis.all()] == [(Metric.VIEWS, version.kpis.get(metric="views").key)]


def test_a_refused_brief_shows_each_problem_on_its_row_and_saves_nothing(studio, as_user):
    browser = as_user(studio.producer)
    url = reverse("brief-edit", args=[studio.acme_project.pk])
    refused = browser.post(url, formset_post(**{"kpis-1-target": "250", "budget": "10", "currency": "",
                                               "messages-0-text": "x\u202ey"}))  # fmt: skip
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "A rate is a percentage: at most 100." in html
    assert "Say which currency the budget is in." in html
    assert "control or invisible characters" in html
    assert 'value="250"' in html  # what was typed is kept
    assert not Brief.objects.exists() and not TimelineEvent.objects.filter(kind="brief.saved").exists()


def test_an_editor_cannot_write_the_brief(studio, as_user):
    url = reverse("brief-edit", args=[studio.acme_project.pk])
    assert as_user(studio.editor).get(url).status_code == 403
    assert as_user(studio.editor).post(url, formset_post()).status_code == 403
    assert not BriefVersion.objects.exists()


def test_history_an_old_version_and_the_comparison(studio, as_user, brief_v1):
    content = services.content_of(brief_v1)
    content["audience"] = "Trail runners"
    content["kpis"][1]["target"] = 40
    content["messages"].append({"text": "Show the grip", "kind": "show"})
    services.brief_save(project=studio.acme_project, by=studio.marketer, note="Tighter", **content)
    browser = as_user(studio.acme_user)
    page = text_of(browser.get(reverse("brief", args=[studio.acme_project.pk])))
    assert "Version 2" in page and "Tighter" in page and "Compare versions" in page
    old = text_of(browser.get(reverse("brief-version", args=[studio.acme_project.pk, 1])))
    assert "You are reading version 1" in old and "Runners, 25 to 40." in old
    assert browser.get(reverse("brief-version", args=[studio.acme_project.pk, 7])).status_code == 404
    diff = text_of(browser.get(reverse("brief-compare", args=[studio.acme_project.pk])))
    assert "Version 1 → version 2" in diff
    assert "Runners, 25 to 40." in diff and "Trail runners" in diff
    assert "View-through rate: 35 %" in diff and "View-through rate: 40 %" in diff
    assert "Show the grip (shown)" in diff
    assert "Free returns" not in diff  # unchanged rows are not listed


def test_the_project_page_shows_the_brief_instead_of_the_idea_box(studio, as_user, brief_v1):
    browser = as_user(studio.producer)
    page = browser.get(reverse("project-detail", args=[studio.acme_project.pk])).content.decode()
    assert reverse("brief-section", args=[studio.acme_project.pk]) in page
    assert "The idea</h2>" not in page
    section = text_of(browser.get(reverse("brief-section", args=[studio.acme_project.pk])))
    assert "Awareness" in section and "Views 100,000 views" in section and "View-through rate 35 %" in section
    assert "not signed off yet" in section
    services.brief_sign_off(version=brief_v1, by=studio.acme_user)
    assert "Signed off by" in text_of(browser.get(reverse("brief-section", args=[studio.acme_project.pk])))


def test_the_stage_panel_links_the_failed_gate_to_the_brief(studio, as_user):
    browser = as_user(studio.producer)
    page = browser.post(reverse("project-stage", args=[studio.acme_project.pk]), {"to_stage": "storyboard"})
    html = page.content.decode()
    assert "Brief written" in html
    assert "There is no brief yet. Write one with a marketing objective" in html
    assert f'href="{reverse("brief-edit", args=[studio.acme_project.pk])}"' in html


def test_a_version_saved_meanwhile_is_not_overwritten_and_the_typed_brief_is_kept(studio, as_user, brief_v1):
    browser = as_user(studio.producer)
    url = reverse("brief-edit", args=[studio.acme_project.pk])
    assert 'name="based_on" value="1"' in browser.get(url).content.decode()
    services.brief_save(project=studio.acme_project, by=studio.marketer, **full_brief(audience="Trail runners"))
    mine = formset_post(
        based_on="1", audience="My own audience", **{"assets-0-kind": "bumper", "assets-0-duration": "6"}
    )
    refused = browser.post(url, mine)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f"{studio.marketer.display_name} saved version 2 while you were editing" in html
    assert "My own audience" in html and 'name="based_on" value="2"' in html
    assert BriefVersion.objects.count() == 2
    assert browser.post(url, {**mine, "based_on": "2"}).status_code == 302  # saving again is deliberate
    assert BriefVersion.objects.get(number=3).audience == "My own audience"


@pytest.mark.parametrize("who", ["producer", "acme_user"])
def test_the_brief_page_keeps_its_queries_as_versions_and_rows_grow(
    studio, as_user, brief_v1, who, django_assert_max_num_queries
):
    browser = as_user(getattr(studio, who))
    urls = [reverse(name, args=[studio.acme_project.pk]) for name in ("brief", "brief-section", "brief-edit")]
    if who == "acme_user":
        urls.pop()  # a client does not edit the brief
    counts = []
    for url in urls:
        browser.get(url)
        with django_assert_max_num_queries(40) as few:
            assert browser.get(url).status_code == 200
        counts.append(len(few.captured_queries))
    services.brief_sign_off(version=brief_v1, by=studio.acme_user)
    version = brief_v1
    for n in range(6):
        content = services.content_of(version)
        content["messages"].append({"text": f"Message {n}", "kind": "say"})
        content["kpis"].append({"metric": Metric.SHARES, "target": 100 + n})
        content["assets"].append({"kind": "bumper", "count": 1, "duration": 6})
        version = services.brief_save(project=studio.acme_project, by=studio.producer, **content)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            page = browser.get(url).content.decode()
        assert "Version 7" in page or "version 8" in page  # the edit page offers the next one


def test_a_promoted_idea_is_kept_as_it_was(studio, as_user, ideas):
    services.idea_promote(idea=ideas[0], by=studio.producer, client=studio.acme)
    ideas[0].refresh_from_db()
    browser = as_user(studio.producer)
    edit = browser.get(reverse("idea-edit", args=[ideas[0].pk]), follow=True)
    assert "kept as it was when it was promoted" in edit.content.decode()
    page = text_of(browser.get(reverse("idea-detail", args=[ideas[0].pk])))
    assert "Make it a project" not in page and "Edit" not in page
    assert (
        f'href="{reverse("project-detail", args=[ideas[0].project.pk])}"'
        in browser.get(reverse("idea-detail", args=[ideas[0].pk])).content.decode()
    )
    assert Idea.objects.get(pk=ideas[0].pk).status == Idea.Status.PROMOTED
