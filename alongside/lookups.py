"""Lookups by public id (a UUID) that answer 404 for a missing or a malformed id alike."""

from django.core.exceptions import ValidationError
from django.http import Http404


def get_or_404(queryset, pk):
    """The row of ``queryset`` with primary key ``pk``, else ``Http404``.

    The queryset is already scoped to what the person may reach, so a row outside it is "not
    found" exactly as a missing one is (STYLE habit 4). A malformed id (not a UUID) is a 404
    too, never a 500 or a 400 that would tell it apart.
    """
    try:
        found = queryset.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        raise Http404 from None
    if found is None:
        raise Http404
    return found
