"""Small display helpers for case pages: labels of stored choices, the person's reminders, and
the caseload's rows.

The caseload's rows are built here rather than in a template loop: the loop ran about thirty
template nodes, a ``{% url %}``, a ``get_status_display`` and a dozen translation lookups per
row, and was most of the page's time. The markup is the same, and every value is escaped.
"""

import datetime
import functools
import html
import uuid

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alongside.timeline import timeline
from cases import selectors
from cases.choices import (
    CaseStatus,
    SafetyFlag,
)
from reminders.selectors import reminders_for

register = template.Library()

# Stands in for a case id in a reversed case-page address, so a page of rows reverses once.
_CASE_ID_SLOT = uuid.UUID(int=0)


@register.filter
def safety_flag_label(value: str) -> str:
    try:
        return SafetyFlag(value).label
    except ValueError:
        return value


# Translations do not change while the server runs, and translating a dozen lists of labels on
# every page was a visible share of the case page's time: each list is translated once per
# language. Keyed by the choices class, never by its labels (hashing a lazy label translates it).
@functools.cache
def _translated_labels(choices, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _labels(choices) -> dict[str, str]:
    return _translated_labels(choices, get_language())


@functools.cache
def _month_names(language: str | None) -> dict[int, str]:
    return {number: str(name).title() for number, name in MONTHS_3.items()}


class _Days:
    """``|date:"j M Y"`` for a page of rows, with the month names translated once."""

    def __init__(self):
        self.months = _month_names(get_language())

    def cell(self, value, none_label: str) -> str:
        """A day (or a moment, in local time) as ``<time>``, or a muted placeholder."""
        if value is None:
            return f'<span class="muted">{_e(none_label)}</span>'
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        shown = f"{value.day} {self.months[value.month]} {value.year}"
        return f'<time datetime="{value.isoformat()}">{_e(shown)}</time>'


# The rows and the timeline are built as text with every value passed through ``_e``, which
# escapes as Django's ``escape`` does (it is ``html.escape``). ``format_html`` checks each
# argument for lazy and safe strings, which cost a tenth of a millisecond per row.
def _e(value) -> str:
    return html.escape(str(value))


_FLAG = '<li><span class="flag-icon" aria-hidden="true">⚠</span> {}</li>'


@register.simple_tag
def caseload_rows(rows, searching=False, empty=""):
    """The caseload table's rows: name (linked), number, status, safety flags, last contact
    and next reminder. Labels are looked up once per page, not once per row. ``empty`` is
    what an empty list says when no search was made (the view knows why it is empty)."""
    if not rows:
        if searching:
            empty = _("No survivor you work with has exactly this name.")
        else:
            empty = empty or _("No cases match these filters.")
        return format_html('<tr><td colspan="6">{}</td></tr>', empty)
    statuses = {value: _e(label) for value, label in _labels(CaseStatus).items()}
    flag_labels = {value: _e(label) for value, label in _labels(SafetyFlag).items()}
    minor = f' <span class="tag tag--minor">{_e(_("Minor"))}</span>'
    no_flags = f'<span class="muted">{_e(_("None recorded"))}</span>'
    no_contact, no_reminder = _("No contact yet"), _("None")
    days = _Days()
    detail = _e(reverse("cases:detail", args=[_CASE_ID_SLOT]))
    slot = str(_CASE_ID_SLOT)
    html_rows = []
    for case in rows:
        flags = case.safety_flags
        if flags:
            items = "".join(_FLAG.format(flag_labels.get(flag) or _e(flag)) for flag in flags)
            flag_cell = f'<ul class="flag-list">{items}</ul>'
        else:
            flag_cell = no_flags
        status = case.status
        html_rows.append(
            f'<tr><td><a href="{detail.replace(slot, str(case.pk))}">'
            f"{_e(case.preferred_name)}</a>{minor if case.minor_at_intake else ''}</td>"
            f'<td class="case-number">{_e(case.number)}</td>'
            f'<td><span class="status status--{_e(status)}">'
            f"{statuses.get(status) or _e(status)}</span></td><td>{flag_cell}</td>"
            f"<td>{days.cell(case.last_contact_at, no_contact)}</td>"
            f"<td>{days.cell(case.next_reminder_on, no_reminder)}</td></tr>\n"
        )
    return mark_safe("".join(html_rows))  # noqa: S308 - every value above went through _e


@register.simple_tag
def timeline_entries(entries, case):
    """The timeline's entries (``selectors.case_record``), newest first: when, then what
    happened and who recorded it, as the source that gave the entry renders it (each app
    registers its own in ``alongside.timeline``, built with ``format_html``). Built as text
    rather than in a template loop, which cost more than every query of the timeline together."""
    if not entries:
        return ""
    days = _Days()
    renderers = {}  # by kind: a source is a dataclass, slow to hash a hundred times
    shows_time = {}
    html_entries = []
    for entry in entries:
        kind = entry.kind
        render = renderers.get(kind)
        if render is None:
            source = timeline.source_of(kind)
            if source is None:
                continue  # its app is no longer installed
            render = renderers[kind] = source.prepare(case)
            shows_time[kind] = source.shows_time
        at = timezone.localtime(entry.at)
        shown = f"{at.day} {days.months[at.month]} {at.year}"
        if shows_time[kind]:
            shown += f", {at:%H:%M}"
        html_entries.append(
            f'<li class="timeline__entry timeline__entry--{_e(kind)}">\n      '
            f'<time datetime="{at.isoformat()}">{_e(shown)}</time>\n        '
            f"{render(entry)}\n    </li>\n"
        )
    # Safe: the kind and the time are escaped above, and each renderer's HTML is format_html's.
    return mark_safe("".join(html_entries))  # noqa: S308


@register.inclusion_tag("cases/_my_reminders.html", takes_context=True)
def my_reminders(context, limit: int = 10):
    """The signed-in person's open reminders, for their home page."""
    user = context["request"].user
    reminders = list(reminders_for(actor=user)[:limit])
    # The names shown are decrypted with the page's data keys loaded at once.
    cases = selectors.decrypt_page([reminder.case for reminder in reminders])
    # The reminders name the survivors: the answer is audited as a list that showed them.
    selectors.cases_shown(
        actor=user, cases={case.pk: case for case in cases}.values(), reason="reminders"
    )
    return {"reminders": reminders, "request": context["request"]}


@register.simple_tag(takes_context=True)
def break_glass_until(context, case):
    """When the signed-in supervisor's break-glass access to ``case`` ends, if that is why they
    are here: every page of the case shows it, whichever view rendered the page."""
    return selectors.break_glass_until(actor=context["request"].user, case=case)
