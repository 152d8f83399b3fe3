"""The plumbing every app's views share: service errors, htmx, edit conflicts, id lookups."""

import uuid

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from rest_framework import serializers

from alongside.concurrency import EditConflict, conflict_response, version_check
from alongside.htmx import is_htmx, is_page_read, vary_on_htmx
from alongside.lookups import get_or_404
from alongside.service_errors import api_service_errors, form_add_service_errors


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def test_a_field_error_lands_on_the_field_and_an_unknown_one_on_the_form():
    form = NameForm({"name": "x"})
    form.is_valid()
    form_add_service_errors(form, ValidationError({"name": "Too short.", "other": "Elsewhere."}))
    assert form.errors["name"] == ["Too short."]
    assert form.non_field_errors() == ["Elsewhere."]


def test_a_message_without_a_field_is_a_form_error():
    form = NameForm({"name": "x"})
    form.is_valid()
    form_add_service_errors(form, ValidationError("Not now."))
    assert form.non_field_errors() == ["Not now."]


def test_the_api_gets_field_messages_or_non_field_errors():
    with pytest.raises(serializers.ValidationError) as raised, api_service_errors():
        raise ValidationError({"name": "Too short."})
    assert raised.value.detail == {"name": ["Too short."]}
    with pytest.raises(serializers.ValidationError) as raised, api_service_errors():
        raise ValidationError("Not now.")
    assert raised.value.detail == {"non_field_errors": ["Not now."]}


def test_htmx_is_recognised_by_its_header_and_varies_the_cache():
    requests = RequestFactory()
    plain, htmx = requests.get("/"), requests.get("/", headers={"HX-Request": "true"})
    assert not is_htmx(plain) and is_htmx(htmx)
    assert is_page_read(plain) and not is_page_read(htmx)
    assert not is_page_read(requests.post("/"))
    assert "HX-Request" in vary_on_htmx(HttpResponse())["Vary"]


class Row:
    def __init__(self, version):
        self.version = version


def test_a_stale_version_is_a_conflict_carrying_the_saved_row():
    saved = Row(3)
    version_check(saved, 3)
    with pytest.raises(EditConflict) as raised:
        version_check(saved, 2)
    assert raised.value.current is saved

    class Shape:
        def __init__(self, row):
            self.data = {"version": row.version}

    response = conflict_response(raised.value, Shape)
    assert response.status_code == 409
    assert response.data["current"] == {"version": 3}
    assert response.data["error"]["code"] == "conflict"


@pytest.mark.django_db
def test_a_missing_or_malformed_id_is_404(advocate):
    from accounts.models import User

    users = User.objects.all()
    assert get_or_404(users, advocate.pk) == advocate
    for missing in (uuid.uuid4(), "not-a-uuid", None):
        with pytest.raises(Http404):
            get_or_404(users, missing)
