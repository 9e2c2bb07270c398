"""One error format for the whole API.

{"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"title": ["…"]}}}
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


def _django_validation_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def exception_handler(exc, context):
    extra = {}
    if isinstance(exc, DjangoValidationError):
        if getattr(exc, "results", None) is not None:  # a refused stage change carries its gate results
            extra["gates"] = [r.as_dict() for r in exc.results]
        exc = _django_validation_to_drf(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
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
        first = non_field or next((v for v in data.values()), None)
        payload["message"] = str(first[0] if isinstance(first, list) and first else first or "Invalid input.")
        if non_field:
            payload["fields"]["non_field_errors"] = non_field
    elif isinstance(data, list):
        payload["message"] = str(data[0]) if data else "Invalid input."
    if response.status_code == status.HTTP_400_BAD_REQUEST and payload["code"] == "error":
        payload["code"] = "invalid"
    payload.update(extra)
    response.data = {"error": payload}
    return response
