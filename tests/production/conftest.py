import pytest
from rest_framework.authtoken.models import Token

from production.edit.models import Cut
from production.media import services


@pytest.fixture
def cut(studio):
    return Cut.objects.create(project=studio.acme_project, title="Director's cut", client_visible=True)


@pytest.fixture
def shared_cut(studio) -> Cut:
    """A cut the client may watch."""
    return Cut.objects.create(project=studio.acme_project, title="Director's cut", client_visible=True)


@pytest.fixture
def internal_cut(studio) -> Cut:
    """A cut only the team sees."""
    return Cut.objects.create(project=studio.acme_project, title="Rough assembly", client_visible=False)


@pytest.fixture
def editor_token(studio):
    return Token.objects.create(user=studio.editor).key


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "media")


@pytest.fixture
def import_file(studio, cut, django_capture_on_commit_callbacks):
    """Bring a local file in as the next version of ``cut``; the worker's part (store, probe,
    render) runs inline, as the test settings run Celery tasks eagerly."""

    def run(path, *, into=None):
        with django_capture_on_commit_callbacks(execute=True):
            asset = services.asset_import(
                project=(into or cut).project, path=path, by=studio.editor, target="cut", target_ref=(into or cut).pk
            )
        asset.refresh_from_db()
        return asset

    return run
