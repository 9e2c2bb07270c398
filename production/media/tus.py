"""The tus 1.0 resumable-upload server (core, creation, termination, expiration, checksum).

Why our own: drf-tus reads each PATCH body whole into memory (``request.body``), and a
browser client may send a multi-GB file as one PATCH. Here every PATCH streams into a part
in storage (production.storage.StreamReader), the Upload row holds the state, and a worker
assembles the parts. Real clients work unchanged: tus-js-client and tuspy.

    POST   /api/uploads/        Upload-Length, Upload-Metadata (filename, project | cut | daily, purpose)
    HEAD   /api/uploads/<id>    -> Upload-Offset, Upload-Length
    PATCH  /api/uploads/<id>    Upload-Offset, Content-Type: application/offset+octet-stream
    DELETE /api/uploads/<id>    termination
    OPTIONS /api/uploads/       discovery
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from config.api_errors import error_payload
from projects.permissions import IsOrganizationMember
from projects.selectors import projects_visible_to

from . import services, targets
from .models import Upload
from .selectors import uploads_of

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,termination,expiration,checksum"
CHECKSUMS = "sha1,sha256,md5"


_ERROR_CODES = {
    400: "invalid",
    403: "permission_denied",
    404: "not_found",
    409: "offset_conflict",
    410: "gone",
    412: "tus_version",
    413: "too_large",
    415: "unsupported_media_type",
    460: "checksum_mismatch",
}


def _tus_response(status: int, message: str = "", **headers) -> HttpResponse:
    """A tus answer: its headers, and for a refusal the API's one error shape (JSON)."""
    if status >= 400:
        payload = error_payload(status_code=status, code=_ERROR_CODES.get(status, "error"), message=message)
        response = JsonResponse(payload, status=status)
    else:
        response = HttpResponse(status=status)
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = str(value)
    return response


def parse_metadata(header: str) -> dict[str, str]:
    """``key base64value,key2 base64value2`` (a value may be absent)."""
    metadata: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in (header or "").split(","))):
        key, _, encoded = pair.partition(" ")
        if not key or key in metadata:
            raise ValidationError(f"Upload-Metadata has an empty or repeated key {key!r}.")
        try:
            metadata[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8") if encoded else ""
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise ValidationError(f"Upload-Metadata value for {key!r} is not base64 UTF-8.") from exc
    return metadata


def _expires(upload: Upload) -> str:
    return http_date(upload.expires_at.timestamp())


def _first_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(f"{field}: {msgs[0]}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


TUS_HEADERS = [
    OpenApiParameter("Tus-Resumable", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, enum=[TUS_VERSION]),
]


class _SignedInOrDiscovery(BasePermission):
    """Discovery (OPTIONS) is public as the protocol expects; everything else needs a member."""

    def has_permission(self, request, view) -> bool:
        return request.method == "OPTIONS" or IsOrganizationMember().has_permission(request, view)


class _AlwaysJson(BaseContentNegotiation):
    """tus answers are headers plus a short text; the Accept header never changes them."""

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class TusMixin:
    # tus bodies are raw bytes: no DRF parsing, ever (it would read the body into memory).
    parser_classes: list = []
    renderer_classes = [JSONRenderer]  # no browsable page: it would try to parse the body
    content_negotiation_class = _AlwaysJson
    permission_classes = [_SignedInOrDiscovery]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method != "OPTIONS" and request.headers.get("Tus-Resumable") != TUS_VERSION:
            raise _Precondition

    def handle_exception(self, exc):
        if isinstance(exc, _Precondition):
            return _tus_response(412, "Tus-Resumable 1.0.0 is required.", Tus_Version=TUS_VERSION)
        return super().handle_exception(exc)


class _Precondition(Exception):
    pass


class UploadCollection(TusMixin, APIView):
    @extend_schema(
        operation_id="uploads_options",
        summary="tus discovery",
        request=None,
        responses={204: OpenApiResponse(description="Tus-Version, Tus-Extension, Tus-Max-Size")},
        tags=["uploads"],
    )
    def options(self, request, *args, **kwargs):
        return _tus_response(
            204,
            Tus_Version=TUS_VERSION,
            Tus_Extension=EXTENSIONS,
            Tus_Max_Size=settings.UPLOAD_MAX_SIZE,
            Tus_Checksum_Algorithm=CHECKSUMS,
        )

    @extend_schema(
        operation_id="uploads_create",
        summary="Start a resumable upload (tus creation)",
        description=(
            "Upload-Metadata keys: `filename` (required), `cut` (uuid: the upload becomes the cut's next "
            "version), `daily` (uuid of a take, shot or shoot day: the upload is a daily of it) or `project` "
            "(uuid), `purpose` (version | other; dailies go to `daily`)."
        ),
        parameters=[
            *TUS_HEADERS,
            OpenApiParameter("Upload-Length", OpenApiTypes.INT, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("Upload-Metadata", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True),
        ],
        request=None,
        responses={
            201: OpenApiResponse(description="Created; Location is the upload URL"),
            400: OpenApiResponse(description="Bad metadata"),
            404: OpenApiResponse(description="Unknown project or cut"),
            413: OpenApiResponse(description="Too large"),
        },
        tags=["uploads"],
    )
    def post(self, request, *args, **kwargs):
        try:
            length = int(request.headers.get("Upload-Length", ""))
        except ValueError:
            return _tus_response(
                400, "Upload-Length must be a whole number of bytes (deferred length is not supported)."
            )
        try:
            metadata = parse_metadata(request.headers.get("Upload-Metadata", ""))
        except ValidationError as exc:
            return _tus_response(400, _first_message(exc))
        project = None
        target = next((t for t in targets.all_targets() if metadata.get(t.name)), None)
        ref = metadata.get(target.name) if target else None
        try:
            if target is not None:
                project = target.project_of(user=request.user, ref=ref)
                if project is None:
                    return _tus_response(404, f"No such {target.name}.")
            elif metadata.get("project"):
                project = projects_visible_to(request.user).filter(pk=metadata["project"]).first()
                if project is None:
                    return _tus_response(404, "No such project.")
            else:
                return _tus_response(400, "Say where the file goes: `cut` or `project` in Upload-Metadata.")
        except ValidationError:  # a malformed uuid
            return _tus_response(404, "No such project or cut.")
        try:
            upload = services.upload_create(
                user=request.user,
                project=project,
                target=target.name if target else "",
                target_ref=ref,
                filename=metadata.get("filename", ""),
                length=length,
                purpose=metadata.get("purpose", ""),
                metadata=metadata,
            )
        except PermissionDenied as exc:
            return _tus_response(403, str(exc))
        except ValidationError as exc:
            return _tus_response(413 if getattr(exc, "code", None) == "too_large" else 400, _first_message(exc))
        location = request.build_absolute_uri(reverse("tus-upload", args=[upload.pk]))
        return _tus_response(201, Location=location, Upload_Expires=_expires(upload), Upload_Offset=0)


class UploadResource(TusMixin, APIView):
    def _upload(self, request, upload_id) -> Upload | None:
        return uploads_of(request.user).filter(pk=upload_id).first()

    def _gone(self, upload: Upload | None) -> HttpResponse | None:
        if upload is None or upload.status == Upload.Status.TERMINATED:
            return _tus_response(404, "No such upload.")
        if upload.status == Upload.Status.EXPIRED:
            return _tus_response(410, "This upload expired; start it again.")
        return None

    @extend_schema(
        operation_id="uploads_offset",
        summary="Where the upload stands (tus HEAD)",
        parameters=TUS_HEADERS,
        request=None,
        responses={200: OpenApiResponse(description="Upload-Offset and Upload-Length"), 404: None, 410: None},
        tags=["uploads"],
    )
    def head(self, request, upload_id):
        upload = self._upload(request, upload_id)
        if (gone := self._gone(upload)) is not None:
            return gone
        return _tus_response(
            200, Upload_Offset=upload.offset, Upload_Length=upload.length, Upload_Expires=_expires(upload)
        )

    @extend_schema(exclude=True)
    def get(self, request, upload_id):
        return self.head(request, upload_id)

    @extend_schema(
        operation_id="uploads_append",
        summary="Append bytes at Upload-Offset (tus PATCH)",
        parameters=[
            *TUS_HEADERS,
            OpenApiParameter("Upload-Offset", OpenApiTypes.INT, OpenApiParameter.HEADER, required=True),
            OpenApiParameter("Upload-Checksum", OpenApiTypes.STR, OpenApiParameter.HEADER),
        ],
        request={"application/offset+octet-stream": OpenApiTypes.BINARY},
        responses={
            204: OpenApiResponse(description="Accepted; Upload-Offset is the new offset"),
            409: OpenApiResponse(description="Offset mismatch"),
            415: None,
            460: OpenApiResponse(description="Checksum mismatch"),
        },
        tags=["uploads"],
    )
    def patch(self, request, upload_id):
        upload = self._upload(request, upload_id)
        if (gone := self._gone(upload)) is not None:
            return gone
        if request.content_type != "application/offset+octet-stream":
            return _tus_response(415, "Content-Type must be application/offset+octet-stream.")
        try:
            offset = int(request.headers.get("Upload-Offset", ""))
            length_header = request.META.get("CONTENT_LENGTH") or None
            content_length = int(length_header) if length_header is not None else None
        except ValueError:
            return _tus_response(400, "Upload-Offset and Content-Length must be whole numbers.")
        try:
            checksum_header = request.headers.get("Upload-Checksum")
            checksum = services.Checksum.parse(checksum_header) if checksum_header else None
            upload = services.upload_receive(
                upload=upload,
                offset=offset,
                stream=request._request,  # the WSGI stream, read in pieces, never whole
                content_length=content_length,
                checksum=checksum,
            )
        except services.ChecksumMismatch as exc:
            return _tus_response(460, exc.message)
        except services.OffsetConflict as exc:
            return _tus_response(409, exc.message)
        except ValidationError as exc:
            status = {"gone": 403, "too_large": 413}.get(getattr(exc, "code", None), 400)
            return _tus_response(status, _first_message(exc))
        return _tus_response(204, Upload_Offset=upload.offset, Upload_Expires=_expires(upload))

    @extend_schema(
        operation_id="uploads_terminate",
        summary="Cancel an upload and delete its bytes (tus termination)",
        parameters=TUS_HEADERS,
        request=None,
        responses={204: None, 404: None},
        tags=["uploads"],
    )
    def delete(self, request, upload_id):
        upload = self._upload(request, upload_id)
        if (gone := self._gone(upload)) is not None:
            return gone
        try:
            services.upload_terminate(upload=upload, user=request.user)
        except ValidationError as exc:
            return _tus_response(403, _first_message(exc))
        return _tus_response(204)
