"""Small display helpers for case pages: labels of stored choices, the person's reminders, and
the caseload's rows.

The caseload's rows are built here rather than in a template loop: the loop ran about thirty
template nodes, a ``{% url %}``, a ``get_status_display`` and a dozen translation lookups per
row, and was most of the page's time. The markup is the same, and every value is escaped.
"""

import datetime
import uuid

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext as _

from cases import selectors
from cases.choices import CaseStatus, SafetyFlag

register = template.Library()

# Stands in for a case id in a reversed case-page address, so a page of rows reverses once.
_CASE_ID_SLOT = uuid.UUID(int=0)


@register.filter
def safety_flag_label(value: str) -> str:
    try:
        return SafetyFlag(value).label
    except ValueError:
        return value


class _Days:
    """``|date:"j M Y"`` for a page of rows, with the month names translated once."""

    def __init__(self):
        self.months = {number: str(name).title() for number, name in MONTHS_3.items()}

    def cell(self, value, none_label: str):
        """A day (or a moment, in local time) as ``<time>``, or a muted placeholder."""
        if value is None:
            return format_html('<span class="muted">{}</span>', none_label)
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        shown = f"{value.day} {self.months[value.month]} {value.year}"
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), shown)


_ROW = (
    '<tr><td><a href="{}">{}</a>{}</td><td class="case-number">{}</td>'
    '<td><span class="status status--{}">{}</span></td><td>{}</td><td>{}</td><td>{}</td></tr>\n'
)
_FLAG = '<li><span class="flag-icon" aria-hidden="true">⚠</span> {}</li>'


@register.simple_tag
def caseload_rows(rows, searching=False):
    """The caseload table's rows: name (linked), number, status, safety flags, last contact
    and next reminder. Labels are looked up once per page, not once per row; every value is
    escaped by ``format_html``."""
    if not rows:
        empty = (
            _("No survivor you work with has exactly this name.")
            if searching
            else _("No cases match these filters.")
        )
        return format_html('<tr><td colspan="6">{}</td></tr>', empty)
    statuses = {value: escape(str(label)) for value, label in CaseStatus.choices}
    flag_labels = {value: escape(str(label)) for value, label in SafetyFlag.choices}
    minor = format_html(' <span class="tag tag--minor">{}</span>', _("Minor"))
    no_flags = format_html('<span class="muted">{}</span>', _("None recorded"))
    no_contact, no_reminder = _("No contact yet"), _("None")
    days = _Days()
    detail = reverse("cases:detail", args=[_CASE_ID_SLOT])
    slot = str(_CASE_ID_SLOT)
    html = []
    for case in rows:
        flags = case.safety_flags
        if flags:
            flag_cell = format_html(
                '<ul class="flag-list">{}</ul>',
                format_html_join("", _FLAG, ((flag_labels.get(flag, flag),) for flag in flags)),
            )
        else:
            flag_cell = no_flags
        html.append(
            (
                format_html(
                    _ROW,
                    detail.replace(slot, str(case.pk)),
                    case.preferred_name,
                    minor if case.minor_at_intake else "",
                    case.number,
                    case.status,
                    statuses.get(case.status, case.status),
                    flag_cell,
                    days.cell(case.last_contact_at, no_contact),
                    days.cell(case.next_reminder_on, no_reminder),
                ),
            )
        )
    return format_html_join("", "{}", html)


@register.inclusion_tag("cases/_my_reminders.html", takes_context=True)
def my_reminders(context, limit: int = 10):
    """The signed-in person's open reminders, for their home page."""
    user = context["request"].user
    reminders = list(selectors.reminders_for(actor=user)[:limit])
    # The names shown are decrypted with the page's data keys loaded at once.
    selectors.decrypt_page([reminder.case for reminder in reminders])
    return {"reminders": reminders, "request": context["request"]}


@register.simple_tag(takes_context=True)
def break_glass_until(context, case):
    """When the signed-in supervisor's break-glass access to ``case`` ends, if that is why they
    are here: every page of the case shows it, whichever view rendered the page."""
    return selectors.break_glass_until(actor=context["request"].user, case=case)
