"""The README's API example runs as written against a live server (only the address changes)."""

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from projects.models import Role
from tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_api_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(), re.S)
    block = next(b for b in blocks if "/api/auth/token/" in b)
    lines = block.replace("\\\n", " ").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_api_example_gets_a_token_and_lists_projects(live_server):
    token_request, projects_request = readme_api_commands()
    body = json.loads(re.search(r"-d '(.*?)'", token_request).group(1))
    # The person the README signs in as (a demo login), with a project of their studio.
    membership = MembershipFactory(user__email=body["email"], role=Role.PRODUCER)
    membership.user.set_password(body["password"])
    membership.user.save()
    ProjectFactory(client__organization=membership.organization, title="Readme project", owner=membership.user)

    def run(command: str) -> dict:
        command = command.replace("http://127.0.0.1:8000", live_server.url)
        assert shlex.split(command)[0] == "curl"
        done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30, check=True)
        return json.loads(done.stdout)

    answer = run(token_request)
    assert set(answer) == {"token"}, answer  # as the README's comment shows
    projects = run(projects_request.replace("<key>", answer["token"]))
    assert [p["title"] for p in projects["results"]] == ["Readme project"]
