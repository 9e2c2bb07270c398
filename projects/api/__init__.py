"""The projects REST API: serializers, filters and viewsets over selectors and services.

No business logic lives here: reads start from ``projects.selectors`` (scoped by the
acting user, so another tenant's id is a 404), writes call ``projects.services``, and
yes/no questions are answered by ``projects.permissions``.
"""
