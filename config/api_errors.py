"""One error format for the whole API.

{"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"title": ["…"]}}}

- ``status`` repeats the HTTP status; ``code`` is a stable machine-readable word
  (``invalid``, ``gate_failed``, ``not_authenticated``, ``permission_denied``, ``not_found``,
  ``method_not_allowed``, ``parse_error``, ``server_error`` …); ``message`` is one sentence
  for people; ``fields`` maps input field names to their messages (empty when the error is
  not about a field).
- A refused stage change adds ``gates``: every gate evaluated, with ``passed`` and ``message``.
- Django's ``ValidationError`` / ``PermissionDenied`` / ``Http404`` raised by services and
  selectors come out in the same shape as DRF's own exceptions.
- Missing or bad credentials are a 401 with ``WWW-Authenticate: Token`` (DRF would answer 403
  because session authentication comes first and has no challenge header).
- Unknown paths under /api/ are a 404 in this format (``not_found`` below), and an unexpected
  exception is a 500 in this format when DEBUG is off (with DEBUG on, Django's debug page).
- What Django answers by itself under /api/ (400 for a bad Host, 403 for CSRF, 404, 500 outside
  DRF) is in this format too (the handlers below); other paths keep the branded pages.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve
from django.views import csrf, defaults
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger("config.api")

AUTHENTICATE_HEADER = 'Token realm="api"'


def error_payload(*, status_code: int, code: str, message: str, fields: dict | None = None, **extra) -> dict:
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}, **extra}}


def _django_validation_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def _first_message(value) -> str:
    """The first human sentence inside a (possibly nested) DRF error structure."""
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
        return _first_message(value)
    if isinstance(value, list | tuple):
        return _first_message(value[0]) if value else ""
    return str(value)


def exception_handler(exc, context):
    extra = {}
    code_override = None
    if isinstance(exc, DjangoValidationError):
        if getattr(exc, "results", None) is not None:  # a refused stage change carries its gate results
            extra["gates"] = [r.as_dict() for r in exc.results]
        code_override = getattr(exc, "code", None)  # e.g. "gate_failed"; field errors stay "invalid"
        exc = _django_validation_to_drf(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        exc.status_code = status.HTTP_401_UNAUTHORIZED
        exc.auth_header = AUTHENTICATE_HEADER
    response = drf_exception_handler(exc, context)
    if response is None:
        if settings.DEBUG:
            return None  # Django's debug page is more use to a developer than a JSON 500
        logger.exception("Unhandled API error", exc_info=exc)
        return JsonResponse(
            error_payload(status_code=500, code="server_error", message="Something went wrong on our side."),
            status=500,
        )
    payload: dict = {"status": response.status_code, "code": "error", "message": "", "fields": {}}
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        payload["code"] = codes if isinstance(codes, str) else "invalid"
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        payload["message"] = str(data["detail"])
    elif isinstance(data, dict):
        non_field = data.pop("non_field_errors", None)
        payload["fields"] = data
        payload["message"] = _first_message(non_field or data) or "Invalid input."
        if non_field:
            payload["fields"]["non_field_errors"] = non_field
    elif isinstance(data, list):
        payload["message"] = _first_message(data) or "Invalid input."
    if response.status_code == status.HTTP_400_BAD_REQUEST and payload["code"] == "error":
        payload["code"] = "invalid"
    if code_override and code_override != "invalid":
        payload["code"] = code_override
    payload.update(extra)
    response.data = {"error": payload}
    return response


@csrf_exempt  # it changes nothing; a CSRF refusal would be an HTML 403 instead of this 404
def not_found(request, *args, **kwargs):
    """Any path under /api/ that matches no endpoint (including malformed ids)."""
    message = "Not found."
    path = request.path_info
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            message = f"Not found. Did you mean {request.path}/ (with a trailing slash)?"
    return JsonResponse(error_payload(status_code=404, code="not_found", message=message), status=404)


# --- What Django answers itself, in the format under /api/ ------------------------------------
# Django's handlers (config/urls.py) and its CSRF failure view (settings) answer errors that
# happen before or outside a DRF view: a bad Host header, a crash in a plain view or a
# middleware, a CSRF refusal. Under /api/ they use the one format; everywhere else they are
# the branded pages, unchanged.


def _under_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _api_error(status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_payload(status_code=status_code, code=code, message=message), status=status_code)


def bad_request(request, exception):
    if _under_api(request):
        return _api_error(400, "bad_request", "The request could not be understood.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _under_api(request):
        return _api_error(403, "permission_denied", "You do not have permission to perform this action.")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _under_api(request):
        return _api_error(404, "not_found", "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _under_api(request):
        return _api_error(500, "server_error", "Something went wrong on our side.")
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    if _under_api(request):
        return _api_error(403, "permission_denied", f"CSRF Failed: {reason}")
    return csrf.csrf_failure(request, reason=reason)


# --- The format, documented in the OpenAPI schema ---------------------------------------------


class ApiGateResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    entering = serializers.CharField(help_text="The stage the gate guards.")
    passed = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True)
    link = serializers.CharField(allow_blank=True, help_text="Where to put right what a failed gate misses (a path).")


class ApiErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField(
        help_text="invalid, gate_failed, parse_error, not_authenticated, authentication_failed, "
        "permission_denied, not_found, method_not_allowed, server_error, …"
    )
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Input field name to its messages; empty when the error is not about a field.",
    )
    gates = ApiGateResultSerializer(many=True, required=False, help_text="Only when code is gate_failed.")


class ApiErrorSerializer(serializers.Serializer):
    error = ApiErrorBodySerializer()


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error responses every operation can give, in the one
    format: 401/403 unless the view is public, 404 when the path names an object, 400 when
    the operation takes input (a body, or filters on a list)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = []
        takes_input = self.method in ("POST", "PUT", "PATCH") or (
            self.method == "GET" and self._is_list_view() and bool(self._get_filter_parameters())
        )
        if takes_input:
            codes.append("400")
        if self.view.permission_classes and self.view.authentication_classes:
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(ApiErrorSerializer, code, direction=direction)
        return responses
