"""Every URL, for every persona, gives the expected status.

The URL list comes from the resolver, so a new page or endpoint without an entry here fails
``test_every_url_has_an_entry``: nothing ships without its permission matrix.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import services
from tests.conftest import sign_in
from tests.factories import UserFactory

PERSONAS = [
    "signed_out",
    "outsider",
    "advocate",
    "clinician",
    "supervisor",
    "administrator",
    "partner",
    "auditor",
]
ROLES = PERSONAS[2:]
SIGNED_IN = PERSONAS[1:]

# Django's own and third-party patterns we do not serve as pages of ours.
IGNORED_PREFIXES = ("static/",)


@dataclass
class Context:
    requester: object
    subject: object  # another member of staff, for pages about a user

    def own_token_id(self):
        token, _text = services.api_token_create(actor=self.requester, name="matrix")
        return token.pk


@dataclass
class Entry:
    expected: dict[str, int]
    method: str = "get"
    kwargs: Callable[[Context], dict] = field(default=lambda context: {})
    data: dict | None = None
    content_type: str | None = None


def everyone(status: int, *, signed_out: int = 302, **overrides) -> dict[str, int]:
    expected = dict.fromkeys(SIGNED_IN, status)
    expected["signed_out"] = signed_out
    expected.update(overrides)
    return expected


def only(role: str, status: int = 200, *, others: int = 403, signed_out: int = 302) -> dict:
    return everyone(others, signed_out=signed_out, **{role: status})


def subject_kwargs(context: Context) -> dict:
    return {"user_id": context.subject.pk}


def signed_out_only(status_in: int) -> dict[str, int]:
    return everyone(302, signed_out=status_in)


MATRIX: dict[str, Entry] = {
    "home": Entry(everyone(200)),
    "healthz": Entry(everyone(200, signed_out=200)),
    "api-schema": Entry(everyone(200, signed_out=401)),
    "api-docs": Entry(everyone(200, signed_out=401)),
    "api-me": Entry(everyone(200, signed_out=401)),
    "api-tokens": Entry(everyone(200, signed_out=401)),
    "api-token-revoke": Entry(
        everyone(204, signed_out=401),
        method="delete",
        kwargs=lambda context: {"token_id": context.own_token_id()},
    ),
    "accounts:sign-in": Entry(signed_out_only(200)),
    # The second-factor pages send people who already passed it to their home page.
    "accounts:verify": Entry(everyone(302)),
    "accounts:enrol": Entry(everyone(302)),
    "accounts:sign-out": Entry(everyone(302), method="post"),
    "accounts:sign-out-everywhere": Entry(everyone(302), method="post"),
    "accounts:security": Entry(everyone(200)),
    "accounts:password-change": Entry(everyone(200)),
    "accounts:set-password": Entry(
        everyone(200, signed_out=200),
        kwargs=lambda context: {"uidb64": "x", "token": "y"},
    ),
    "accounts:token-list": Entry(everyone(200)),
    "accounts:token-revoke": Entry(
        everyone(302), method="post", kwargs=lambda context: {"token_id": context.own_token_id()}
    ),
    "accounts:user-list": Entry(only("administrator")),
    "accounts:user-create": Entry(only("administrator")),
    "accounts:user-edit": Entry(only("administrator"), kwargs=subject_kwargs),
    "accounts:user-deactivate": Entry(
        only("administrator", 302), method="post", kwargs=subject_kwargs
    ),
    "accounts:user-reactivate": Entry(
        only("administrator", 302), method="post", kwargs=subject_kwargs
    ),
    "accounts:user-reset-second-factor": Entry(
        only("administrator", 302), method="post", kwargs=subject_kwargs
    ),
    "accounts:user-password-link": Entry(
        only("administrator", 302), method="post", kwargs=subject_kwargs
    ),
}


def _url_names(resolver: URLResolver, namespace: str = "", prefix: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(IGNORED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            if not pattern.name:
                raise AssertionError(f"The URL {route!r} has no name, so it has no matrix entry.")
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_an_entry():
    missing = _url_names(get_resolver()) - set(MATRIX)
    assert not missing, f"URLs without a permission-matrix entry: {sorted(missing)}"


def test_no_entry_is_stale():
    assert set(MATRIX) <= _url_names(get_resolver())


def _make_persona(persona: str):
    if persona == "signed_out":
        return None
    return UserFactory(role=None if persona == "outsider" else persona)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_permission_matrix(url_name, persona):
    entry = MATRIX[url_name]
    user = _make_persona(persona)
    subject = UserFactory(role="advocate")
    client = Client()
    if user is not None:
        sign_in(client, user)
    context = Context(requester=user or subject, subject=subject)
    url = reverse(url_name, kwargs=entry.kwargs(context))
    send = getattr(client, entry.method)
    arguments = {}
    if entry.data is not None:
        arguments["data"] = entry.data
    if entry.content_type:
        arguments["content_type"] = entry.content_type
    response = send(url, **arguments)
    assert response.status_code == entry.expected[persona], (
        f"{entry.method.upper()} {url_name} as {persona}: {response.status_code}"
    )
