"""Shared pieces: a throwaway database, timing by median of interleaved runs, a page's queries
and its time against a minimal view, BENCH lines."""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

RESULTS: list[Bench] = []
_SERVER_RENDER = None  # Template._render as a server has it, kept before the test environment wraps it


@dataclass
class Bench:
    name: str
    value: float
    unit: str
    op: str
    target: float

    @property
    def ok(self) -> bool:
        return {"<=": self.value <= self.target, ">=": self.value >= self.target}[self.op]

    def line(self) -> str:
        value = (
            f"{self.value:.2f}" if isinstance(self.value, float) and not self.value.is_integer() else f"{self.value:g}"
        )
        return f"BENCH {self.name} {value} {self.unit} target {self.op}{self.target:g}"


def report(name: str, value: float, unit: str, target: str) -> Bench:
    op, number = target[:2], float(target[2:])
    bench = Bench(name=name, value=value, unit=unit, op=op, target=number)
    RESULTS.append(bench)
    print(bench.line(), flush=True)
    return bench


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


@contextlib.contextmanager
def bench_database() -> Iterator[None]:
    """A fresh test database (same engine as the tests), dropped afterwards."""
    from django.template import Template
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases, teardown_test_environment

    global _SERVER_RENDER
    _SERVER_RENDER = _SERVER_RENDER or Template._render
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(old, verbosity=0)
        teardown_test_environment()


def stored_asset(src, *, slug: str, status: str):
    """A media asset of the file ``src`` stored as an upload leaves it, in a throwaway studio
    (``slug``) with a producer, a client and a project: what the render benchmarks start from."""
    from django.core.files import File

    from production.media.models import MediaAsset, asset_upload_to
    from projects.models import Client, Membership, Organization, Project, Role, User

    org = Organization.objects.create(name="Bench Studio", slug=slug)
    producer = User.objects.create_user(email=f"{slug}@example.test", password="x")
    Membership.objects.create(organization=org, user=producer, role=Role.PRODUCER)
    client = Client.objects.create(organization=org, name="Client")
    project = Project.objects.create(organization=org, client=client, owner=producer, title=slug)
    asset = MediaAsset.objects.create(project=project, original_name=src.name, status=status, size=src.stat().st_size)
    with src.open("rb") as fh:
        asset.file.save(asset_upload_to(asset, src.name), File(fh), save=True)
    return asset


def interleaved_medians(fns: dict[str, Callable[[], object]], *, rounds: int = 30, warmup: int = 3) -> dict[str, float]:
    """Run each function ``rounds`` times, interleaved so drift hits all alike; median seconds."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


HELLO_URL = "/__bench__/hello"  # bench.urls: the minimal view pages are compared with


def page_queries(client, url: str) -> int:
    """The number of SQL queries one GET of ``url`` makes (Django test client, full stack)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)  # now: every later request clears the connection's query log


@contextlib.contextmanager
def server_templates() -> Iterator[None]:
    """Templates render as a server renders them. The test environment (``bench_database``)
    wraps ``Template._render`` to send ``template_rendered``, which the test client answers by
    copying the context of every template a response renders: test-only work that grows with a
    page's templates and includes and that no server does, so it is left out of server time.
    Raises if a template still reports itself while inside (the swap did not take)."""
    from django.template import Template
    from django.test.signals import template_rendered

    reported: list[object] = []

    def count(sender, **kwargs) -> None:
        reported.append(sender)

    instrumented, Template._render = Template._render, _SERVER_RENDER or Template._render
    template_rendered.connect(count)
    try:
        yield
    finally:
        template_rendered.disconnect(count)
        Template._render = instrumented
    if reported:
        raise RuntimeError(f"{len(reported)} templates rendered instrumented while timing server time")


def page_vs_hello(client, url: str, *, rounds: int = 30) -> float:
    """Server time of ``url`` over the minimal view's, both warm, medians of interleaved runs,
    templates rendered as a server renders them (``server_templates``). Needs
    ``ROOT_URLCONF="bench.urls"``."""
    with server_templates():
        medians = interleaved_medians(
            {"hello": lambda: client.get(HELLO_URL), "page": lambda: client.get(url)}, rounds=rounds
        )
    return medians["page"] / medians["hello"]
