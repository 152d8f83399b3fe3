"""Where a request comes from, trusting forwarding headers only from our own proxies.

Two settings decide it: ``TRUSTED_PROXIES`` (the addresses or networks our proxies connect
from) and ``TRUSTED_PROXY_COUNT`` (how many of them append to ``X-Forwarded-For``). A header is
believed only as far as it was written by a trusted proxy: someone who reaches gunicorn
directly can write any ``X-Forwarded-For`` they like, and must not buy a fresh address, and
so fresh sign-in attempts, with each request.
"""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# Every header a proxy sets to describe the client; none is believed from an untrusted peer.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values) -> tuple[Network, ...]:
    """``TRUSTED_PROXIES`` entries as networks; raises ``ValueError`` naming a bad entry."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise ValueError(f"{value!r} is not an IP address or network") from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def is_trusted_proxy(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in _trusted(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str | None:
    """The client's address.

    With ``TRUSTED_PROXY_COUNT`` = 0 (no proxy in front) the socket address is the only truth
    and ``X-Forwarded-For`` is ignored. With N proxies, each appends the address it saw, so
    walking the header from the right, each hop is believed only while the address that wrote
    it is a trusted proxy; the first untrusted address (the socket's own, for a direct
    connection) is the client, and anything further left may be forged.
    """
    # None when unknown (a request built in code): django-axes stores it in an inet column.
    address = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return address
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return address
    for hop in range(1, proxies + 1):
        if not is_trusted_proxy(address):
            return address
        address = forwarded[-hop]
    return address


class UntrustedForwardingMiddleware:
    """Drop forwarding headers sent by a peer that is not one of our proxies, before anything
    (the HTTPS check, the audit address, the sign-in lockout) can read them.

    The refusal is logged without the peer's address or the header's value: both are personal
    data, and the fact of the refusal is what an operator needs (a proxy missing from
    ``TRUSTED_PROXIES``, or someone reaching the web process directly).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        present = [name for name in FORWARDED_HEADERS if name in request.META]
        if present and not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for name in present:
                del request.META[name]
            logger.warning(
                "Ignored forwarding headers (%s) from a peer not in TRUSTED_PROXIES.",
                ", ".join(name.removeprefix("HTTP_") for name in present),
            )
        return self.get_response(request)
