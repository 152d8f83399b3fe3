"""Small display helpers for case pages: labels of stored choices, the person's reminders, and
the caseload's rows.

The caseload's rows are built here rather than in a template loop: the loop ran about thirty
template nodes, a ``{% url %}``, a ``get_status_display`` and a dozen translation lookups per
row, and was most of the page's time. The markup is the same, and every value is escaped.
"""

import datetime
import functools
import uuid

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cases import selectors
from cases.choices import (
    AppointmentOutcome,
    CaseStatus,
    ContactMethod,
    GoalDomain,
    GoalStatus,
    NoteKind,
    OutreachOutcome,
    SafetyFlag,
    ServiceCategory,
    Stage,
)

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
    statuses = {value: escape(label) for value, label in _labels(CaseStatus).items()}
    flag_labels = {value: escape(label) for value, label in _labels(SafetyFlag).items()}
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


def _person(name: str) -> str:
    return format_html('<span class="muted">· {}</span>', name)


@register.simple_tag
def timeline_entries(entries, case):
    """The timeline's entries (``selectors.timeline``), newest first: what happened, when, and
    who recorded it, each linked to its own page where it has one. Built here rather than in a
    template loop, which cost more than every query of the timeline together; labels are
    translated once per page."""
    if not entries:
        return ""
    days = _Days()
    note_kinds, methods, stages = _labels(NoteKind), _labels(ContactMethod), _labels(Stage)
    services, domains = _labels(ServiceCategory), _labels(GoalDomain)
    goal_statuses, outreach = _labels(GoalStatus), _labels(OutreachOutcome)
    appointments = _labels(AppointmentOutcome)
    signed = format_html('\n        <span class="tag">{}</span>', _("Signed"))
    # Entries link to pages of one case: reverse each address once and fill in the ids.
    case_id = str(case.pk)
    note_url = reverse("cases:note-detail", args=[case_id, _CASE_ID_SLOT])
    goal_url = reverse("cases:goal-edit", args=[case_id, _CASE_ID_SLOT])
    check_ins_url = reverse("cases:check-ins", args=[case_id])
    slot = str(_CASE_ID_SLOT)
    html = []
    for entry in entries:
        kind, code = entry.kind, entry.code
        at = timezone.localtime(entry.at)
        shown = f"{at.day} {days.months[at.month]} {at.year}"
        if kind in ("note", "outreach", "appointment"):
            shown += f", {at:%H:%M}"
        if kind == "note":
            minutes = entry.minutes
            body = format_html(
                '<a href="{}">{}</a>\n        <span class="muted">{}{} · {}</span>{}',
                note_url.replace(slot, str(entry.id)),
                _("%(kind)s note") % {"kind": note_kinds.get(code, code)},
                methods.get(entry.detail, entry.detail),
                (", " + ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes))
                % {"minutes": minutes}
                if minutes
                else "",
                entry.person,
                signed if entry.signed else "",
            )
        elif kind == "stage":
            body = format_html(
                "{}\n        {}",
                _("Stage of change: %(stage)s") % {"stage": stages.get(code, code)},
                _person(entry.person),
            )
        elif kind == "recurrence":
            stage = (
                format_html(' <span class="muted">({})</span>', stages.get(code, code))
                if code
                else ""
            )
            body = format_html(
                "{}{}\n        {}",
                _("Recurrence: an event on the journey"),
                stage,
                _person(entry.person),
            )
        elif kind == "service":
            body = format_html(
                "{}\n        {}",
                _("Service provided: %(service)s") % {"service": services.get(code, code)},
                _person(entry.person),
            )
        elif kind == "goal":
            body = format_html(
                '<a href="{}">{}</a>\n        <span class="muted">· {}</span>',
                goal_url.replace(slot, str(entry.id)),
                _("Goal set (%(domain)s)") % {"domain": domains.get(code, code)},
                goal_statuses.get(entry.detail, entry.detail),
            )
        elif kind == "check_in":
            body = format_html(
                '<a href="{}">{}</a>\n        {}',
                check_ins_url,
                _("Recovery check-in"),
                _person(entry.person),
            )
        elif kind == "outreach":
            body = format_html(
                "{}: {}\n        {}",
                _("Outreach by %(method)s") % {"method": methods.get(code, code)},
                outreach.get(entry.detail, entry.detail),
                _person(entry.person),
            )
        else:  # appointment
            body = format_html(
                "{}: {}\n        {}",
                _("Appointment"),
                appointments.get(code, code),
                _person(entry.person),
            )
        html.append(
            (
                format_html(
                    '<li class="timeline__entry timeline__entry--{}">\n      '
                    '<time datetime="{}">{}</time>\n        {}\n    </li>\n',
                    kind,
                    at.isoformat(),
                    shown,
                    body,
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
