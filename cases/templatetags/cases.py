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
from django.utils.translation import ngettext

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


class _Labels:
    """``get_FOO_display`` for a page of rows: each field's choices translated once."""

    def __init__(self):
        self.by_field = {}

    def __call__(self, instance, name: str) -> str:
        key = (instance.__class__, name)
        labels = self.by_field.get(key)
        if labels is None:
            field = instance._meta.get_field(name)
            labels = self.by_field[key] = {value: str(label) for value, label in field.flatchoices}
        value = getattr(instance, name)
        return labels.get(value, value)


def _person(user) -> str:
    return format_html('<span class="muted">· {}</span>', user.full_name if user else "")


@register.simple_tag
def timeline_entries(entries):
    """The timeline's entries (``selectors.timeline``), newest first: what happened, when, and
    who recorded it, each linked to its own page where it has one. Built here rather than in a
    template loop, which cost more than every query of the timeline together."""
    label = _Labels()
    days = _Days()
    signed = format_html('<span class="tag">{}</span>', _("Signed"))
    html = []
    for entry in entries:
        item, kind = entry.item, entry.kind
        at = timezone.localtime(entry.at)
        shown = f"{at.day} {days.months[at.month]} {at.year}"
        if kind in ("note", "outreach", "appointment"):
            shown += f", {at:%H:%M}"
        if kind == "note":
            minutes = item.duration_minutes
            body = format_html(
                '<a href="{}">{}</a>\n        <span class="muted">{}{} · {}</span>{}',
                reverse("cases:note-detail", args=[item.case_id, item.pk]),
                _("%(kind)s note") % {"kind": label(item, "kind")},
                label(item, "method"),
                (", " + ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes))
                % {"minutes": minutes}
                if minutes
                else "",
                item.author.full_name,
                format_html("\n        {}", signed) if item.is_signed else "",
            )
        elif kind == "stage":
            body = format_html(
                "{}\n        {}",
                _("Stage of change: %(stage)s") % {"stage": label(item, "stage")},
                _person(item.recorded_by),
            )
        elif kind == "recurrence":
            stage = (
                format_html(' <span class="muted">({})</span>', label(item, "stage"))
                if item.stage
                else ""
            )
            body = format_html(
                "{}{}\n        {}",
                _("Recurrence: an event on the journey"),
                stage,
                _person(item.recorded_by),
            )
        elif kind == "service":
            body = format_html(
                "{}\n        {}",
                _("Service provided: %(service)s") % {"service": label(item, "category")},
                _person(item.recorded_by),
            )
        elif kind == "goal":
            body = format_html(
                '<a href="{}">{}</a>\n        <span class="muted">· {}</span>',
                reverse("cases:goal-edit", args=[item.case_id, item.pk]),
                _("Goal set (%(domain)s)") % {"domain": label(item, "domain")},
                label(item, "status"),
            )
        elif kind == "check_in":
            body = format_html(
                '<a href="{}">{}</a>\n        {}',
                reverse("cases:check-ins", args=[item.case_id]),
                _("Recovery check-in"),
                _person(item.recorded_by),
            )
        elif kind == "outreach":
            body = format_html(
                "{}: {}\n        {}",
                _("Outreach by %(method)s") % {"method": label(item, "method")},
                label(item, "outcome"),
                _person(item.recorded_by),
            )
        else:  # appointment
            body = format_html(
                "{}: {}\n        {}",
                _("Appointment"),
                label(item, "outcome"),
                _person(item.recorded_by),
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
