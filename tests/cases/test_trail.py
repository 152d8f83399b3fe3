"""What the auditor's trail shows of cases: case numbers instead of types and ids, each time on
one line, and the reason a supervisor typed beside a break-glass event."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from audit.selectors import audit_events, audit_events_described
from cases import services
from cases.choices import ContactMethod, NoteKind
from protection.envelope import data_key_cache
from protection.services import data_key_shred

pytestmark = pytest.mark.django_db

LIST = reverse("audit:event-list")
TYPED = "Hospital called at 2am about a discharge"


@pytest.fixture
def elsewhere(make_user):
    """A supervisor of another program: reaches the case only by breaking the glass."""
    return make_user("supervisor", full_name="Elsewhere Supervisor")


def note_on(case, advocate):
    return services.note_create(
        actor=advocate,
        case=case,
        kind=NoteKind.CONTACT,
        body="Talked about housing",
        contact_at=timezone.now(),
        method=ContactMethod.PHONE,
    )


def test_events_name_the_case_number_not_the_type_and_id(case, advocate, auditor, client_for):
    note = note_on(case, advocate)
    body = client_for(auditor).get(LIST).content.decode()
    assert f'Note, case <span class="nowrap">{case.number}</span>' in body
    assert f'Case <span class="nowrap">{case.number}</span>' in body
    assert "cases.casenote" not in body and "cases.case " not in body
    assert f"<code>{note.pk}</code>" not in body
    # The id is still one click away: the object filter.
    assert f'href="?object_id={note.pk}"' in body


def test_each_time_stays_on_one_line(case, auditor, client_for):
    body = client_for(auditor).get(LIST).content.decode()
    assert '<td class="nowrap"><time datetime=' in body


def test_a_page_of_many_cases_reads_their_numbers_in_one_query(
    program, advocate, auditor, django_assert_num_queries
):
    from tests.conftest import open_case

    cases = [open_case(advocate, program, name=f"Survivor {n}") for n in range(6)]
    for case in cases:
        note_on(case, advocate)
    events = list(audit_events(actor=auditor)[:50])
    with django_assert_num_queries(1):
        described = audit_events_described(actor=auditor, events=events)
    numbers = {event.case_number for event in described if event.case_number}
    assert numbers == {case.number for case in cases}


def test_the_auditor_reads_the_reason_typed_for_break_glass(
    case, elsewhere, auditor, client_for, django_assert_num_queries
):
    services.break_glass_open(actor=elsewhere, case=case, reason=TYPED)
    services.break_glass_open(actor=elsewhere, case=case, reason="A second call from the shelter")
    events = list(audit_events(actor=auditor)[:50])
    # One query for the page's case numbers, one for the grants, one for their cases' keys.
    with data_key_cache(), django_assert_num_queries(3):
        described = audit_events_described(actor=auditor, events=events)
    typed = [event.typed_reason for event in described if event.action == AuditAction.BREAK_GLASS]
    assert typed == ["A second call from the shelter", TYPED]

    body = client_for(auditor).get(LIST).content.decode()
    assert TYPED in body
    # The trail itself still holds no typed words.
    assert not AuditEvent.objects.filter(reason__contains="Hospital").exists()


def test_a_shredded_case_says_its_reason_is_erased(case, elsewhere, auditor, client_for):
    services.break_glass_open(actor=elsewhere, case=case, reason=TYPED)
    data_key_shred(actor=auditor, owner=case, reason="retention period ended")
    body = client_for(auditor).get(LIST).content.decode()
    assert TYPED not in body
    assert "Erased when the case was shredded." in body
