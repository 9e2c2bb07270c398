from urllib.parse import urljoin

import pytest
from rest_framework.test import APIClient

from production.edit.models import Cut
from production.media.models import Render
from tests.production.media import clips

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def rendered(import_file, tmp_path):
    path = tmp_path / "v1.mp4"
    clips.h264_small(path)
    return import_file(path)


@pytest.fixture
def internal_cut(studio):
    return Cut.objects.create(project=studio.acme_project, title="Internal assembly", client_visible=False)


def test_editor_starts_a_cut_and_bad_input_changes_nothing(studio):
    created = api(studio.editor).post("/api/cuts/", {"project": str(studio.acme_project.pk), "title": "Teaser"})
    assert created.status_code == 201, created.content
    assert created.json()["title"] == "Teaser" and created.json()["versions"] == []
    again = api(studio.editor).post("/api/cuts/", {"project": str(studio.acme_project.pk), "title": "teaser"})
    assert again.status_code == 400 and "title" in again.json()["error"]["fields"]
    assert (
        api(studio.acme_user).post("/api/cuts/", {"project": str(studio.acme_project.pk), "title": "X"}).status_code
        == 403
    )
    foreign = api(studio.globex_user).post("/api/cuts/", {"project": str(studio.acme_project.pk), "title": "X"})
    assert foreign.status_code == 404
    assert Cut.objects.filter(project=studio.acme_project).count() == 1


def test_asset_shows_probe_progress_outputs_and_qc(studio, rendered):
    body = api(studio.editor).get(f"/api/assets/{rendered.pk}/").json()
    assert body["status"] == "ready" and body["media_type"] == "video"
    assert body["sha256"] == rendered.sha256 and body["frame_rate"]
    render = body["latest_render"]
    assert render["status"] == "succeeded" and render["progress"] == 100
    assert render["files"]["hls_master"].endswith("/master.m3u8")
    assert render["files"]["proxy"].endswith("/proxy.mp4")
    assert isinstance(body["qc_findings"], list)


def test_clients_see_client_visible_versions_only(studio, rendered, import_file, internal_cut, tmp_path):
    path = tmp_path / "internal.mp4"
    clips.h264_small(path)
    internal = import_file(path, into=internal_cut)
    client_ids = {a["id"] for a in api(studio.acme_user).get("/api/assets/").json()["results"]}
    assert client_ids == {str(rendered.pk)}
    assert api(studio.acme_user).get(f"/api/assets/{internal.pk}/").status_code == 404
    assert api(studio.globex_user).get(f"/api/assets/{rendered.pk}/").status_code == 404
    staff_ids = {a["id"] for a in api(studio.producer).get("/api/assets/").json()["results"]}
    assert staff_ids == {str(rendered.pk), str(internal.pk)}
    cut_titles = {c["title"] for c in api(studio.acme_user).get("/api/cuts/").json()["results"]}
    assert cut_titles == {"Director's cut"}


def test_render_cancel_and_retry_are_for_the_crew(studio, rendered):
    render = rendered.renders.get()
    assert api(studio.acme_user).post(f"/api/renders/{render.pk}/retry/").status_code == 403
    current = api(studio.editor).post(f"/api/renders/{render.pk}/retry/")  # its spec is rendered: kept
    assert current.status_code == 400 and "nothing to render again" in current.json()["error"]["message"]
    assert Render.objects.filter(asset=rendered).count() == 1
    assert api(studio.editor).post(f"/api/renders/{render.pk}/cancel/").json()["status"] == "succeeded"
    Render.objects.filter(pk=render.pk).update(status=Render.Status.FAILED, error="The disk was full.")
    again = api(studio.editor).post(f"/api/renders/{render.pk}/retry/")
    assert again.status_code == 201
    assert Render.objects.filter(asset=rendered).count() == 2  # eager: the retry rendered inline
    assert again.json()["status"] == "queued" and again.json()["id"] != str(render.pk)


def test_asset_list_queries_do_not_grow(studio, rendered, import_file, tmp_path, django_assert_max_num_queries):
    client = api(studio.producer)
    with django_assert_max_num_queries(8) as captured:
        assert client.get("/api/assets/").status_code == 200
    small = len(captured)
    for n in range(3):
        path = tmp_path / f"more{n}.mp4"
        clips.h264_small(path)
        import_file(path)
    with django_assert_max_num_queries(small):
        assert len(client.get("/api/assets/").json()["results"]) == 4


def test_malformed_project_filter_is_a_clear_400(studio):
    response = api(studio.producer).get("/api/assets/", {"project": "nope"})
    assert response.status_code == 400
    assert "project" in response.json()["error"]["fields"]


def test_control_characters_in_names_never_reach_the_database(studio, import_file, tmp_path):
    """A title with NUL is refused with a reason (PostgreSQL would answer a 500); a file
    brought in from disk with control characters in its name is kept without them."""
    refused = api(studio.editor).post("/api/cuts/", {"project": str(studio.acme_project.pk), "title": "Tea\x00ser"})
    assert refused.status_code == 400 and "title" in refused.json()["error"]["fields"]
    assert not Cut.objects.filter(project=studio.acme_project, title__startswith="Tea").exists()
    path = tmp_path / "day\n1\x1b\u202e.mp4"
    path.write_bytes(b"not really a video")
    asset = import_file(path)
    assert asset.original_name == "day 1.mp4"
    assert api(studio.editor).get(f"/api/assets/{asset.pk}/").json()["original_name"] == "day 1.mp4"


def token_client(user) -> APIClient:
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_output_urls_are_fetched_with_the_same_token(studio, rendered, import_file, internal_cut, tmp_path):
    """Every URL in latest_render.files answers the API client that read the asset, with the
    same Authorization header; another company's client, a hidden cut's render and a bad
    token get nothing."""
    acme = token_client(studio.acme_user)
    files = acme.get(f"/api/assets/{rendered.pk}/").json()["latest_render"]["files"]
    assert {"hls_master", "proxy"} <= set(files)
    for kind, url in files.items():
        response = acme.get(url)
        assert response.status_code == 200, (kind, response.status_code, response.get("Location"))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, kind
        if kind == "proxy":
            assert response["Content-Type"] == "video/mp4" and body[4:8] == b"ftyp"
        if kind == "hls_master":
            assert body.startswith(b"#EXTM3U")
    # A player that follows the master playlist to a variant and its first segment needs
    # nothing but the same header.
    master = b"".join(acme.get(files["hls_master"]).streaming_content).decode()
    variant_url = urljoin(files["hls_master"], next(line for line in master.splitlines() if line and line[0] != "#"))
    variant = b"".join(acme.get(variant_url).streaming_content).decode()
    segment_url = urljoin(variant_url, next(line for line in variant.splitlines() if line and line[0] != "#"))
    segment = acme.get(segment_url)
    assert segment.status_code == 200 and b"".join(segment.streaming_content)
    globex = token_client(studio.globex_user)
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    for url in files.values():
        assert globex.get(url).status_code == 404
        refused = bad.get(url)
        assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Token")
        signed_out = APIClient().get(url)  # a browser with no session still goes to sign in
        assert signed_out.status_code == 302 and "/login/" in signed_out["Location"]
    path = tmp_path / "internal.mp4"
    clips.h264_small(path)
    internal = import_file(path, into=internal_cut)
    hidden = token_client(studio.editor).get(f"/api/assets/{internal.pk}/").json()["latest_render"]["files"]
    assert token_client(studio.editor).get(hidden["proxy"]).status_code == 200
    assert acme.get(hidden["proxy"]).status_code == 404  # a client never gets an internal cut's files
