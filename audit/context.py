"""Where the current request comes from, for audit events written deep inside services.

Services take ``actor=`` explicitly; the address is ambient request context, so a middleware
sets it here rather than threading the request through every service signature.
"""

from contextvars import ContextVar

from alongside.network import client_ip

_client_address: ContextVar[str] = ContextVar("client_address", default="")


def current_address() -> str:
    return _client_address.get()


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_address.set(client_ip(request) or "")
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)
