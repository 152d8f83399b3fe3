"""Concurrent edits: a version check that refuses to overwrite someone else's newer save.

A model that people edit in forms carries an integer ``version``. The edit form sends back the
version it showed; the service reads the row locked and calls ``version_check``. When someone
saved first, ``EditConflict`` carries their version, and the page (``conflict_page``) or the
API (``conflict_response``) answers 409 showing it, so nothing is overwritten unseen.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response

from alongside.api import error_body

CONFLICT = 409


class EditConflict(Exception):
    """Someone else saved first. Carries their version so both can be shown side by side."""

    def __init__(self, current):
        super().__init__(_("Someone else changed this while you were editing."))
        self.current = current


def version_check(current, version) -> None:
    """``current`` is the row read for update; ``version`` the one the editor started from."""
    if current.version != version:
        raise EditConflict(current)


def version_bump(current) -> None:
    """Call before saving an accepted edit: the next editor must start from this version."""
    current.version += 1


def conflict_page(request, template: str, context: dict):
    """The page that shows both versions, answered with 409."""
    return render(request, template, context, status=CONFLICT)


def conflict_response(conflict: EditConflict, current_shape) -> Response:
    """The API's 409: the one error shape, plus ``current`` (the saved version, as
    ``current_shape`` serializes it) so the client can show both and resend."""
    body = error_body("conflict", str(conflict))
    body["current"] = current_shape(conflict.current).data
    return Response(body, status=status.HTTP_409_CONFLICT)
