"""Phones and schedules of the partner directory, as pages show them."""

import re

from django import template
from django.utils.translation import gettext_lazy as _

from directory.schedules import ScheduleText, describe

register = template.Library()

# What a phone's dialler takes: digits, a leading +, and the pause and wait of RFC 3966.
NOT_DIALLED = re.compile(r"[^0-9+*#]")


@register.filter
def described(schedule) -> ScheduleText:
    return describe(schedule)


# A national trunk prefix written beside the country code ("+44 (0)20 ..."): not dialled from
# abroad, where the + is.
TRUNK_PREFIX = re.compile(r"\(\s*0\s*\)")
# RFC 6350's kinds of telephone, which HSDS suggests for phone.type, said in words.
PHONE_KINDS = {
    "voice": _("voice"),
    "text": _("text messages"),
    "fax": _("fax"),
    "cell": _("mobile"),
    "video": _("video"),
    "pager": _("pager"),
    "textphone": _("textphone (TTY)"),
}


@register.filter
def dialable(number: str) -> str:
    """A number as a ``tel:`` link dials it ("+44 (0)20 ..." written by hand keeps its +)."""
    if number.lstrip(' "').startswith("+"):
        number = TRUNK_PREFIX.sub("", number)
    digits = NOT_DIALLED.sub("", number)
    return digits[:1] + digits[1:].replace("+", "")


@register.filter
def phone_kind(kind: str) -> str:
    """A phone's HSDS type in words; a kind of another list is shown as written."""
    return str(PHONE_KINDS.get(kind.strip().lower(), kind))


@register.filter
def reach_phones(service) -> list:
    """A service's phones, or its organization's when it lists none of its own."""
    return list(service.phones.all()) or list(service.organization.phones.all())


@register.filter
def reach_line(service) -> str:
    """One line for a list of services: when the first schedule says it is open, and the
    first phone to call."""
    schedules = list(service.schedules.all())
    phones = reach_phones(service)
    parts = [str(describe(schedules[0])) if schedules else "", phones[0].number if phones else ""]
    return " · ".join(part for part in parts if part)
