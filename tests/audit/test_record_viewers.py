"""'Who has seen this record': per person, role, first and last view, how many, in one query."""

import uuid

import pytest

from audit.models import AuditAction
from audit.selectors import record_viewers
from audit.services import audit_record

pytestmark = pytest.mark.django_db

CASE = "cases.case"


def view(actor, target_id, action=AuditAction.VIEW, target_type=CASE):
    return audit_record(actor=actor, action=action, target_type=target_type, target_id=target_id)


def test_each_viewer_once_with_first_last_and_count(advocate, clinician, supervisor):
    record = uuid.uuid4()
    first = view(advocate, record)
    view(clinician, record)
    last = view(advocate, record)
    viewers = record_viewers(actor=supervisor, target_type=CASE, target_id=record)
    by_name = {viewer.name: viewer for viewer in viewers}
    assert set(by_name) == {"Alice Advocate", "Carmen Clinician"}
    alice = by_name["Alice Advocate"]
    assert (alice.views, alice.role, str(alice.role_label)) == (2, "advocate", "Advocate")
    assert (alice.first_viewed, alice.last_viewed) == (first.occurred_at, last.occurred_at)
    assert alice.user_id == advocate.pk
    assert by_name["Carmen Clinician"].views == 1
    assert viewers[0].name == "Alice Advocate"  # most recent viewer first


def test_only_views_of_this_record_count(advocate, clinician, supervisor):
    record = uuid.uuid4()
    view(advocate, record)
    view(clinician, record, action=AuditAction.UPDATE)
    view(clinician, uuid.uuid4())
    view(clinician, record, target_type="cases.note")
    viewers = record_viewers(actor=supervisor, target_type=CASE, target_id=record)
    assert [viewer.name for viewer in viewers] == ["Alice Advocate"]


def test_a_record_nobody_has_seen(supervisor):
    assert record_viewers(actor=supervisor, target_type=CASE, target_id=uuid.uuid4()) == []


def test_two_queries_whatever_the_number_of_viewers_and_views(
    make_user, supervisor, django_assert_num_queries
):
    record = uuid.uuid4()
    for role in ["advocate", "clinician", "supervisor", "partner", "auditor"]:
        person = make_user(role)
        for _ in range(3):
            view(person, record)
    # The views counted per person, then the people with their roles.
    with django_assert_num_queries(2):
        viewers = record_viewers(actor=supervisor, target_type=CASE, target_id=record)
    assert len(viewers) == 5
    assert {viewer.views for viewer in viewers} == {3}
    assert {viewer.role for viewer in viewers} == {
        "advocate",
        "clinician",
        "supervisor",
        "partner",
        "auditor",
    }
