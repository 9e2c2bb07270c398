"""The post board in chromium: an editor adds the mix to the board waiting on the picture lock,
drags the mix to "In progress" and is told it waits on the lock (the card goes back), drags the
lock to "Done", then the mix; the board and the database agree after a reload. The project
page's section and the dashboard's overdue panel load on their own."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from production.edit import services
from production.edit.models import PostTask

from .conftest import DESKTOP
from .test_journeys import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_plans_and_moves_post_tasks_by_dragging(live_server, studio, new_page, screenshot):
    base, project = live_server.url, studio.acme_project
    today = timezone.localdate()
    lock = services.post_task_create(
        project=project, by=studio.producer, title="Picture lock", kind="edit", assignee=studio.editor,
        due_date=today - dt.timedelta(days=1),
    )  # fmt: skip
    page = new_page(DESKTOP)
    sign_in(page, base, studio.editor)

    page.goto(f"{base}/")  # the dashboard's panel loads after the board
    expect(page.locator("[data-overdue-tasks]")).to_contain_text("Picture lock")

    page.goto(f"{base}/projects/{project.pk}/post/")
    page.locator("summary", has_text="Add a task").click()
    page.get_by_label("Task", exact=True).fill("Final mix, 5.1")
    page.get_by_label("Kind of work").select_option("sound")
    page.get_by_label("Who").select_option(label=studio.editor.display_name)
    page.get_by_label("Due").fill((today + dt.timedelta(days=4)).isoformat())
    page.get_by_label("Picture lock (To do)").check()
    page.get_by_role("button", name="Add to the board").click()
    expect(page.locator(".flash")).to_contain_text("“Final mix, 5.1” is on the board.")
    mix = PostTask.objects.get(title="Final mix, 5.1")
    card = page.locator(f"#task-{mix.pk}")
    expect(card).to_contain_text("Waits on Picture lock")

    doing = page.locator("[data-drop=doing]")
    card.drag_to(doing)
    expect(page.locator("[data-board-status]")).to_contain_text("waits on “Picture lock” (to do)")
    expect(page.locator(f"[data-drop=todo] #task-{mix.pk}")).to_have_count(1)  # put back
    assert PostTask.objects.get(pk=mix.pk).status == "todo"

    page.locator(f"#task-{lock.pk}").drag_to(page.locator("[data-drop=done]"))
    expect(page.locator("[data-post-board]")).to_have_attribute("data-last-move", f"{lock.pk} done")
    card.drag_to(doing)
    expect(page.locator("[data-post-board]")).to_have_attribute("data-last-move", f"{mix.pk} doing")
    expect(page.locator("[data-board-status]")).to_have_text("")
    # the board is as the server has it: the lock is done (no longer overdue), the mix waits on nothing
    expect(page.locator(f"#task-{lock.pk}")).not_to_have_class(re.compile(r"is-overdue"))
    expect(card).not_to_contain_text("Waits on")
    expect(page.locator(".pagehead__sub")).to_have_text("1 open task")
    expect(page.locator("#col-doing + [data-count], [data-status=doing] [data-count]")).to_have_text("1")
    screenshot(page, "post-board")

    page.reload()
    expect(page.locator(f"[data-drop=doing] #task-{mix.pk}")).to_have_count(1)
    expect(page.locator(f"[data-drop=done] #task-{lock.pk}")).to_have_count(1)
    assert PostTask.objects.get(pk=mix.pk).status == "doing"

    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.locator("#post")).to_contain_text("1 open task")
    expect(page.locator("#post")).to_contain_text("Final mix, 5.1")
