"""API conventions shared by every app: pagination, strict text, and the one JSON error shape.

Every error answers ``{"error": {"code": ..., "message": ..., "fields": {name: [messages]}}}``,
so a client handles failures in one place whatever went wrong. The schema says so for every
operation (``alongside.api_schema.AutoSchema``), and the schema fuzz test
(tests/api/test_schema_fuzz.py) holds the answers to it.
"""

import re

from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from alongside.limits import MAX_TEXT


class DecryptedTextField(serializers.CharField):
    """An encrypted text, read through its attribute (a ModelSerializer would see ciphertext).

    An empty cell reads as ``""``, as the schema's ``string`` promises, never ``null``.
    """

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        # REST framework writes None out without asking the field, so map it here.
        value = super().get_attribute(instance)
        return "" if value is None else value


class RecordedChoiceField(serializers.ChoiceField):
    """A coded category that may not have been recorded: ``null`` then, never the blank ``""``
    the model stores, which is outside the category's documented values."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string: DRF's CharField would turn ``42`` into ``"42"``."""

    default_error_messages = {
        "invalid": gettext_lazy("Send text (a JSON string), not a number or another type."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def text_field(**kwargs) -> StrictCharField:
    """Free text in a request: a JSON string, trimmed, within ``MAX_TEXT``; optional and may
    be blank unless ``required=True`` or ``allow_blank=False`` is given."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("max_length", MAX_TEXT)
    return StrictCharField(trim_whitespace=True, **kwargs)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable, machine-readable code, e.g. `invalid`.")
    message = serializers.CharField(help_text="What went wrong, for people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field (dotted for nested fields); empty when none applies.",
    )


class ErrorSerializer(serializers.Serializer):
    """The one error shape."""

    error = ErrorDetailSerializer()


_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


class Pagination(PageNumberPagination):
    """Page-number pagination that refuses a page or page size it cannot honour.

    DRF's own falls back to the default size for a bad ``page_size`` and clamps a large one,
    so a client never learns it asked for something else than it got.
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = self._whole_number(
            request,
            self.page_query_param,
            _("The page must be a whole number from 1."),
            default=1,
        )
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise serializers.ValidationError(
                {
                    self.page_query_param: [
                        _("There is no page %(page)d; the last page is %(last)d.")
                        % {"page": number, "last": paginator.num_pages}
                    ]
                }
            ) from None
        return list(self.page)

    def get_page_size(self, request) -> int:
        return self._whole_number(
            request,
            self.page_size_query_param,
            _("The page size must be a whole number from 1 to %(maximum)d.")
            % {"maximum": self.max_page_size},
            default=self.page_size,
            maximum=self.max_page_size,
        )

    @staticmethod
    def _whole_number(request, name: str, message: str, *, default: int, maximum=None) -> int:
        text = request.query_params.get(name)
        if text is None:
            return default
        if not _WHOLE_NUMBER.fullmatch(text):
            raise serializers.ValidationError({name: [message]})
        number = int(text)
        if number < 1 or (maximum is not None and number > maximum):
            raise serializers.ValidationError({name: [message]})
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"field.sub": ["message", ...]}``."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            fields.update(_flatten(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            fields[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                fields.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        fields[prefix or "non_field_errors"] = [str(detail)]
    return fields


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        # A service that says why (a signed note is locked) is answered with its words, as the
        # page shows them; those messages name a rule, never survivor data.
        message = exc.args[0] if exc.args and exc.args[0] else None
        exc = exceptions.PermissionDenied(message or _("You do not have permission to do this."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            "invalid",
            _("Some fields need attention."),
            _flatten(exc.detail),
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        if not isinstance(code, str):
            code = "error"
        body = error_body(code, str(detail))
    return Response(body, status=response.status_code, headers=_auth_headers(response))


def _auth_headers(response) -> dict:
    headers = {}
    for name in ("WWW-Authenticate", "Retry-After", "Allow"):
        if name in response:
            headers[name] = response[name]
    return headers


def not_json_response() -> Response:
    return Response(
        error_body("parse_error", _("The request body must be JSON.")),
        status=status.HTTP_400_BAD_REQUEST,
    )


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other path under the API: a 404 in the API's error shape, not the HTML page.

    An id that is not a UUID never reaches a view, and a client must still get JSON.
    """
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)
