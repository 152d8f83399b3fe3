"""Requests sent by htmx, which asks for a part of a page rather than the whole of it."""

from django.utils.cache import patch_vary_headers

HTMX_HEADER = "HX-Request"


def is_htmx(request) -> bool:
    """htmx sends ``HX-Request: true`` with every request it makes."""
    return request.headers.get(HTMX_HEADER) == "true"


def is_page_read(request) -> bool:
    """A person reading a whole page (not a write, not an htmx fragment of a page)."""
    return request.method == "GET" and not is_htmx(request)


def vary_on_htmx(response):
    """The same URL answers a fragment or a page: caches must keep the two apart."""
    patch_vary_headers(response, [HTMX_HEADER])
    return response
