"""Every URL, for every persona, gives the expected status.

The URL list comes from the resolver, so a new page or endpoint without an entry here fails
``test_every_url_has_an_entry``: nothing ships without its permission matrix.
"""

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.matrix
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.matrix.framework import RENAMED, Context, Entry, personas
from tests.matrix.scenario import CaseScenario

# Django's own and third-party patterns we do not serve as pages of ours.
IGNORED_PREFIXES = ("static/",)


def _collect() -> dict[str, Entry]:
    """Merge the ``ENTRIES`` of every module in this package (one module per area).

    A key is a URL name, or a URL name and a method (``"cases-api:case-detail PATCH"``) for
    the further methods of a URL whose first method has its own entry.
    """
    matrix: dict[str, Entry] = {}
    for info in pkgutil.iter_modules(tests.matrix.__path__):
        module = importlib.import_module(f"tests.matrix.{info.name}")
        entries = getattr(module, "ENTRIES", None)
        if entries is None:
            continue
        overlap = set(matrix) & set(entries)
        assert not overlap, f"URL names described twice: {overlap}"
        matrix.update(entries)
    return matrix


MATRIX = _collect()
# After every module is imported: an app's module may have registered personas of its own.
PERSONAS = [persona.name for persona in personas()]


def _url_name(key: str) -> str:
    return key.split(" ", 1)[0]


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
    missing = _url_names(get_resolver()) - {_url_name(key) for key in MATRIX}
    assert not missing, f"URLs without a permission-matrix entry: {sorted(missing)}"


def test_no_entry_is_stale():
    assert {_url_name(key) for key in MATRIX} <= _url_names(get_resolver())


def test_every_entry_names_only_personas():
    known = set(PERSONAS)
    for key, entry in MATRIX.items():
        unknown = set(entry.expected) - known
        renamed = {name: RENAMED[name] for name in unknown if name in RENAMED}
        assert not unknown, f"{key} names personas that do not exist: {sorted(unknown)}" + (
            f" (renamed: {renamed})" if renamed else ""
        )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_permission_matrix(url_name, persona):
    entry = MATRIX[url_name]
    scenario = CaseScenario(persona)
    user = scenario.requester
    client = Client()
    if user is not None:
        sign_in(client, user)
    context = Context(
        requester=user or scenario.lead,
        subject=UserFactory(role="advocate"),
        case_factory=scenario.make_case,
    )
    context.extras["scenario"] = scenario
    url = reverse(_url_name(url_name), kwargs=entry.kwargs(context))
    arguments = {}
    if entry.data is not None:
        arguments["data"] = entry.data(context) if callable(entry.data) else entry.data
    if entry.content_type:
        arguments["content_type"] = entry.content_type
    response = getattr(client, entry.method)(url, **arguments)
    assert response.status_code == entry.expected_for(persona), (
        f"{entry.method.upper()} {url_name} as {persona}: {response.status_code}"
    )
