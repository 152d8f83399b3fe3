"""How consent reads on a page: recipients, categories and purposes in words."""

from django import template

from consent.choices import DataCategory, Purpose, RecipientKind, ReleaseStatus
from consent.packet import NOT_FILLED_NOTE, category_offered

register = template.Library()


@register.filter
def recipient_name(row) -> str:
    """The recipient of a release, restriction, disclosure or notice, as people say it."""
    if row.recipient_kind == RecipientKind.ORGANIZATION:
        return row.recipient_organization.name
    if row.recipient_kind == RecipientKind.PERSON:
        return row.recipient_person.name
    return row.get_recipient_class_display()


@register.filter
def category_labels(values) -> list[str]:
    """Each category's name; one that nothing fills (named by a release recorded before) says
    that nothing goes under it, so the page does not promise what the packet cannot hold."""
    return [
        str(DataCategory(value).label)
        if category_offered(value)
        else f"{DataCategory(value).label} ({NOT_FILLED_NOTE})"
        for value in values
        if value in DataCategory.values
    ]


@register.filter
def purpose_labels(values) -> list[str]:
    return [str(Purpose(value).label) for value in values if value in Purpose.values]


@register.filter
def status_label(value) -> str:
    return str(ReleaseStatus(value).label) if value in ReleaseStatus.values else ""
