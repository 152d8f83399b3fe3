"""Error pages that say what happened and nothing about the data involved."""

from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


def _render(request, status: int, template: str):
    return render(request, template, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _render(request, 400, "errors/400.html")


@requires_csrf_token
def permission_denied(request, exception=None):
    return _render(request, 403, "errors/403.html")


@requires_csrf_token
def page_not_found(request, exception=None):
    return _render(request, 404, "errors/404.html")


@requires_csrf_token
def server_error(request):
    # No context processors beyond the bare minimum: whatever broke may break again.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())
