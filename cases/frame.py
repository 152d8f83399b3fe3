"""The frame every page of a case shares, whichever app serves the page.

A page of a case extends ``cases/case_base.html`` (the safety banner and the safe-contact block
on every page of a case); ``case_context`` gives that template what it needs, and ``case_page``
is the decorator such views wear. Other apps (consent, clinicians) use these rather than reach
into cases' views.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_http_methods

from cases.access import CaseAction, allowed


def case_page(methods=("GET", "POST")):
    """Signed-in people only, and only these methods; access itself is decided per view."""

    def decorator(view):
        @login_required
        @require_http_methods(list(methods))
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def case_context(request, case, **extra) -> dict:
    """What ``cases/case_base.html`` needs on every page of a case."""
    user = request.user
    context = {
        "case": case,
        "can_edit": allowed(user, case, CaseAction.EDIT),
    }
    context.update(extra)
    return context
