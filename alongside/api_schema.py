"""The API's OpenAPI schema: what drf-spectacular infers, plus the error answers it cannot see.

Kept apart from ``alongside.api``, which REST framework imports while drf-spectacular is still
importing REST framework's generic views.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from alongside.api import ErrorSerializer

# When each error status can answer, and what it means. 409 is documented by the views that can
# answer it, each with its own body (the one error shape plus what the client needs to resolve it).
ERROR_ANSWERS = {
    "400": gettext_lazy(
        "Refused: the body or a query parameter was not valid, or a rule of the record's state "
        "does not allow this; `fields` says which and why. Nothing was changed."
    ),
    "401": gettext_lazy("Not signed in: no credentials, or an API token that is not valid."),
    "403": gettext_lazy("Signed in, but without the right to do this."),
    "404": gettext_lazy("Not found, or not yours to see (the two are not told apart)."),
    "409": gettext_lazy("The record changed since it was read, or the request conflicts with it."),
}


class AutoSchema(SpectacularAutoSchema):
    """Documents the error answers of every operation in the one error shape."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        parameters = operation.get("parameters", [])
        # A write can be refused by a rule of the record's state even without a body.
        takes_input = (
            method.upper() != "GET"
            or "requestBody" in operation
            or any(parameter["in"] == "query" for parameter in parameters)
        )
        has_path_ids = any(parameter["in"] == "path" for parameter in parameters)
        codes = ["401", "403"]
        if takes_input:
            codes.append("400")
        if has_path_ids:
            codes.append("404")
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for code in codes:
            responses.setdefault(
                code,
                {"content": {"application/json": {"schema": error}}},
            )
        for code, answer in responses.items():
            if code in ERROR_ANSWERS and not answer.get("description"):
                answer["description"] = str(ERROR_ANSWERS[code])
        operation["responses"] = dict(sorted(responses.items()))
        return operation
