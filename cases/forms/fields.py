"""Field shapes and limits every case form shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.form_fields import (  # noqa: F401  (re-exported: case forms import them from here)
    CHOICE_MESSAGE,
    DATETIME_FORMAT,
    TOO_LONG,
    choice_field,
    day_field,
    now_local,
    text_field,
    when_field,
)
from cases.services import DECLINABLE_FIELDS

NAME_MAX = 200
ADDRESS_MAX = 1000
NOTE_MAX = 5000
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Enter a date as YYYY-MM-DD.")}
# The identity questions a survivor may decline (the service enforces that declining wins).
DECLINABLE = DECLINABLE_FIELDS
UNKNOWN_OR_YES_NO = [("", _("Not asked")), ("true", _("Yes")), ("false", _("No"))]


def yes_no_unknown_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=UNKNOWN_OR_YES_NO,
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )
