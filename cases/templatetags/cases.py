"""Small display helpers for case pages: labels of stored choices, the person's reminders."""

from django import template

from cases import selectors
from cases.choices import SafetyFlag

register = template.Library()


@register.filter
def safety_flag_label(value: str) -> str:
    try:
        return SafetyFlag(value).label
    except ValueError:
        return value


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
