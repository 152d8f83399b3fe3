"""The one base of every API view: what every endpoint does the same way, in one place.

Every app's views extend ``AlongsideAPIView`` (directly, or through an app's base that adds how
its records are reached, such as ``cases.api.base.CaseAPIView``), so behaviour that concerns
every endpoint is added here once and nowhere else:

- input: ``checked(shape)`` validates a request body or query against a serializer (a 400 in
  the one error shape, nothing written); ``payload(shape)`` gives its data as a dict;
- answers: ``page_of(items, shape)`` paginates with ``alongside.api.Pagination`` (which refuses
  a page it cannot honour), ``created(body)`` answers a create with 201, ``edited(save, shape)``
  answers an edit that carries a version: 200 with what was saved, or 409 with the record as
  it is now if someone saved first (a service's field messages answer 400 in both);
- rights: ``require(allowed)`` answers 403 to an insider without the right (outsiders get 404
  from the access functions before that).

Cross-cutting behaviour belongs here. It reaches every endpoint through ``initial`` (before
the handler runs), ``created`` (every create answers through it) and ``finalize_response``
(every answer): an idempotency key on creates, for example, is looked up before the handler
runs and the first answer kept where ``created`` gives it.

Kept apart from ``alongside.api``, which REST framework imports (pagination, errors) while its
own generic views are still being imported.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from alongside.api import Pagination
from alongside.concurrency import EditConflict, conflict_response
from alongside.service_errors import api_service_errors


class AlongsideAPIView(GenericAPIView):
    pagination_class = Pagination

    def checked(self, shape: type[serializers.Serializer], data=None) -> serializers.Serializer:
        """``shape`` over the request's body (or ``data``, such as the query), validated."""
        checked = shape(data=self.request.data if data is None else data)
        checked.is_valid(raise_exception=True)
        return checked

    def payload(self, shape: type[serializers.Serializer], data=None) -> dict:
        """The validated data of ``checked(shape, data)``."""
        return dict(self.checked(shape, data).validated_data)

    def page_of(self, items, shape: type[serializers.Serializer]) -> Response:
        """One page of ``items``, each as ``shape`` shows it."""
        page = self.paginate_queryset(items)
        return self.get_paginated_response(shape(self.shown(page), many=True).data)

    def shown(self, page: list) -> list:
        """What a page is about to show (an app's base audits it as read where it must)."""
        return page

    def created(self, body) -> Response:
        """The answer to a create: 201 with what was made."""
        return Response(body, status=status.HTTP_201_CREATED)

    def edited(self, save: Callable, shape: type[serializers.Serializer]) -> Response:
        """``save()`` (a service given the version the client read), answered with what it
        saved; 409 with ``current``, the record as it is now, if someone saved first."""
        try:
            with api_service_errors():
                saved = save()
        except EditConflict as conflict:
            return conflict_response(conflict, shape)
        return Response(shape(saved).data)

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied
