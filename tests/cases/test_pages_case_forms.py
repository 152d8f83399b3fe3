"""The case page's forms, opened on demand: a fragment for htmx, a page of its own without it."""

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from cases.models import CaseNote, StageEvent

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def form_url(case, form):
    return reverse("cases:case-form", kwargs={"case_id": case.pk, "form": form})


@pytest.mark.parametrize(
    ("form", "posts_to"),
    [
        ("note", "cases:note-create"),
        ("stage", "cases:stage"),
        ("goal", "cases:goal-create"),
        ("check-in", "cases:check-in"),
        ("status", "cases:status"),
    ],
)
def test_each_form_comes_as_a_fragment_posting_to_its_own_view(
    case, advocate, client_for, form, posts_to
):
    response = client_for(advocate).get(form_url(case, form), headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'action="{reverse(posts_to, args=[case.pk])}"' in body
    assert "<html" not in body and 'id="case-form-heading"' in body
    assert "HX-Request" in response["Vary"]


def test_without_javascript_the_form_is_a_page_of_the_case_and_is_audited(
    case, advocate, client_for
):
    response = client_for(advocate).get(form_url(case, "status"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Status</h1>" in body and "Safe contact" in body
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, target_id=case.pk, actor=advocate
    ).exists()


def test_a_fragment_is_not_audited_again(case, advocate, client_for):
    client = client_for(advocate)
    before = AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=case.pk).count()
    client.get(form_url(case, "note"), headers=HTMX)
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, target_id=case.pk).count() == before


def test_an_unknown_form_is_404(case, advocate, client_for):
    assert client_for(advocate).get(form_url(case, "transfer"), headers=HTMX).status_code == 404


def test_a_clinician_may_not_open_the_status_form_and_nothing_is_written(
    case, clinician, client_for
):
    client = client_for(clinician)
    events = AuditEvent.objects.count()
    response = client.get(form_url(case, "status"), headers=HTMX)
    assert response.status_code == 403
    assert AuditEvent.objects.count() == events


def test_an_outsider_gets_404_for_every_form(case, make_user, client_for):
    outsider = client_for(make_user("advocate"))
    for form in ("note", "stage", "goal", "check-in", "status"):
        assert outsider.get(form_url(case, form), headers=HTMX).status_code == 404
    assert not CaseNote.objects.exists() and not StageEvent.objects.exists()


def test_the_case_page_renders_none_of_its_forms(case, advocate, client_for):
    body = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "<textarea" not in body and "<select" not in body
    for form in ("note", "stage", "goal", "check-in", "status"):
        assert f'hx-get="{form_url(case, form)}"' in body
