"""Where a request comes from, trusting forwarding headers only as far as our own proxies."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address.

    With ``TRUSTED_PROXY_COUNT`` = 0 (no proxy in front) the socket address is the only truth
    and ``X-Forwarded-For`` is ignored. With N proxies, each proxy appends the address it saw,
    so the client is the N-th entry from the right; anything further left was written by the
    client and may be forged.
    """
    # None when unknown (a request built in code): django-axes stores it in an inet column.
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
