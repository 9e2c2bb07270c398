import pytest
from rest_framework.authtoken.models import Token

from production.models import Cut


@pytest.fixture
def cut(studio):
    return Cut.objects.create(project=studio.acme_project, title="Director's cut", client_visible=True)


@pytest.fixture
def editor_token(studio):
    return Token.objects.create(user=studio.editor).key


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
