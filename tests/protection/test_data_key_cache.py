"""Unwrapped data keys live for one request, task or command scope, never longer."""

import threading

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from protection.envelope import _cache, data_key_cache, data_keys_prefetch
from protection.middleware import DataKeyCacheMiddleware
from tests.protection.fixture_app.models import Vault

pytestmark = pytest.mark.django_db


def fresh(vault: Vault) -> Vault:
    return Vault.objects.get(pk=vault.pk)


@pytest.fixture
def vault():
    return Vault.objects.create(legal_name="Pemberly Ashcombe", alias="Pem")


def test_outside_a_scope_every_read_unwraps_afresh(vault, django_assert_num_queries):
    loaded = fresh(vault)
    with django_assert_num_queries(2):
        assert loaded.legal_name == "Pemberly Ashcombe"
        assert loaded.alias == "Pem"


def test_inside_a_scope_the_key_is_unwrapped_once(vault, django_assert_num_queries):
    loaded = fresh(vault)
    with data_key_cache(), django_assert_num_queries(1):
        assert loaded.legal_name == "Pemberly Ashcombe"
        assert loaded.alias == "Pem"


def test_the_cache_is_empty_after_the_scope(vault):
    with data_key_cache():
        fresh(vault).legal_name  # noqa: B018 - reading is the point
        assert len(_cache.get()) == 1
    assert _cache.get() is None


def test_the_middleware_scopes_the_cache_to_one_request(vault):
    seen = {}

    def view(request):
        seen["during"] = fresh(vault).legal_name
        seen["cached"] = len(_cache.get())
        return HttpResponse("ok")

    DataKeyCacheMiddleware(view)(RequestFactory().get("/"))
    assert seen == {"during": "Pemberly Ashcombe", "cached": 1}
    assert _cache.get() is None


def test_another_thread_does_not_see_this_scopes_keys(vault):
    seen = []
    with data_key_cache():
        fresh(vault).legal_name  # noqa: B018
        thread = threading.Thread(target=lambda: seen.append(_cache.get()))
        thread.start()
        thread.join()
    assert seen == [None]


def test_prefetch_unwraps_a_page_of_keys_in_one_query(django_assert_num_queries):
    vaults = [Vault.objects.create(legal_name=f"Person Number {n}") for n in range(5)]
    loaded = list(Vault.objects.filter(pk__in=[v.pk for v in vaults]))
    with data_key_cache():
        with django_assert_num_queries(1):
            data_keys_prefetch(loaded)
        with django_assert_num_queries(0):
            assert sorted(v.legal_name for v in loaded) == [f"Person Number {n}" for n in range(5)]


def test_a_celery_task_gets_its_own_scope(vault):
    from celery import shared_task

    @shared_task(name="tests.protection.read_in_task")
    def read_in_task(vault_id):
        name = Vault.objects.get(pk=vault_id).legal_name
        return [name == "Pemberly Ashcombe", len(_cache.get() or {})]

    assert read_in_task.apply(args=[str(vault.pk)]).get() == [True, 1]
    assert _cache.get() is None
