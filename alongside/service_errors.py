"""A service's ``ValidationError`` as the messages a form or the API shows.

Services raise Django's ``ValidationError`` (a dict of field names, or one message for the
whole request). Pages put those messages on the form's fields; the API answers them as field
messages in its one error shape (400). Every app's views use these two, never their own copy.
"""

import contextlib

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers


def form_add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put ``error`` on the form: on the field it names when the form has one, else on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def api_field_errors(error: ValidationError) -> serializers.ValidationError:
    """``error`` as DRF's ValidationError, which the API's exception handler answers with 400."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


@contextlib.contextmanager
def api_service_errors():
    """Inside this block, a service's ValidationError becomes the API's field messages (400)."""
    try:
        yield
    except ValidationError as error:
        raise api_field_errors(error) from None
