"""The top navigation keeps what people use every day; personal API tokens live under Security."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOKENS = reverse("accounts:token-list")
SECURITY = reverse("accounts:security")


def navigation_of(body: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', body, re.S).group(0)


@pytest.mark.parametrize(
    "persona", ["advocate", "supervisor", "administrator", "auditor"], indirect=True
)
def test_api_tokens_are_not_in_the_top_navigation(client_for, persona):
    nav = navigation_of(client_for(persona).get(reverse("home")).content.decode())
    assert TOKENS not in nav
    assert SECURITY in nav


def test_security_links_to_the_tokens_page(client_for, advocate):
    body = client_for(advocate).get(SECURITY).content.decode()
    assert f'href="{TOKENS}"' in body


def test_on_the_tokens_page_security_reads_as_current(client_for, advocate):
    body = client_for(advocate).get(TOKENS).content.decode()
    assert f'<a href="{SECURITY}" aria-current="page">' in navigation_of(body)
