"""Limits every app's services and forms share, and the checks services make with them."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# The longest free text any service accepts: a long note, never a pasted document. Services
# check it; forms and the API say it sooner, with the same number.
MAX_TEXT = 20_000


def not_in_future(value, field: str) -> None:
    now = timezone.now()
    if isinstance(value, datetime.datetime):
        if value > now + datetime.timedelta(minutes=5):
            raise ValidationError({field: _("This date and time is in the future.")})
    elif isinstance(value, datetime.date) and value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def text_checked(value: str, field: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > MAX_TEXT:
        raise ValidationError(
            {field: _("Keep this under %(limit)d characters.") % {"limit": MAX_TEXT}}
        )
    return value
