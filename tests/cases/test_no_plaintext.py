"""No survivor secret stored through cases reaches the database in plaintext.

Canaries go in through the services (and the API, for a note and a search) into every
encrypted field of a case and what hangs off it; the scanner then reads every column of every
table, and on PostgreSQL a ``pg_dump`` of the whole database too. A positive control proves the
scanner would have found a canary stored in the clear.
"""

import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.choices import TeamRole
from organization.models import Program
from protection.envelope import data_key_cache
from protection.scanner import PlaintextFound, assert_no_plaintext, plaintext_findings

pytestmark = pytest.mark.django_db(transaction=True)

CANARIES = {
    "legal_name": "Quillon Marrowgate Vesk",
    "preferred_name": "Quillo Marrowgate",
    "other_names": "Vessie Marrowgate-Thorn",
    "phone": "+1 202 555 0199",
    "email": "quillon.canary@example.test",
    "address": "77 Canary Wharfside Lane",
    "safety_plan": "CANARY-PLAN meet behind the laundromat",
    "codeword": "canary-codeword-halcyon",
    "safe_times": "canary-times after nine",
    "instructions": "canary-instructions ask for Bertrand",
    "note_body": "CANARY-NOTE she named the recruiter",
    "api_note_body": "CANARY-API-NOTE the van was grey",
    "addendum": "CANARY-ADDENDUM called back at dusk",
    "goal": "I want CANARY-GOAL my own bakery",
    "goal_step": "CANARY-STEP find an oven",
    "check_in_note": "CANARY-CHECKIN slept well twice",
    "service_note": "CANARY-SERVICE dentist on Elm",
    "outreach_note": "CANARY-OUTREACH line was busy",
    "appointment": "CANARY-APPOINTMENT visa lawyer",
    "stage_note": "CANARY-STAGE went back for a while",
    "report_to": "CANARY-REPORT county hotline desk",
    "reference": "CANARY-REF-558213",
    "break_glass": "CANARY-BREAKGLASS advocate unreachable tonight",
    "language_other": "Canarylandic of the Quillon valley",
}


def _an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


def _seed_everything(advocate, clinician, supervisor, client_for) -> None:
    program = Program.objects.create(name="Scan program")
    program.supervisors.add(supervisor)
    with data_key_cache():
        case = services.case_open(
            actor=advocate,
            program=program,
            identity=services.Identity(
                preferred_name=CANARIES["preferred_name"],
                legal_name=CANARIES["legal_name"],
                other_names=CANARIES["other_names"],
                date_of_birth=datetime.date(2010, 2, 27),  # a minor: mandated report too
                phone=CANARIES["phone"],
                email=CANARIES["email"],
                address=CANARIES["address"],
            ),
            categories={
                "primary_language": "other",
                "primary_language_other": CANARIES["language_other"],
            },
        )
        services.team_member_add(
            actor=advocate, case=case, user=clinician, team_role=TeamRole.CLINICIAN
        )
        case = services.safety_update(
            actor=advocate,
            case=case,
            flags=["trafficker_in_contact"],
            plan=CANARIES["safety_plan"],
        )
        services.safe_contact_update(
            actor=advocate,
            case=case,
            codeword=CANARIES["codeword"],
            safe_times=CANARIES["safe_times"],
            instructions=CANARIES["instructions"],
        )
        services.mandated_report_update(
            actor=advocate,
            case=case,
            report_made_to=CANARIES["report_to"],
            reported_at=_an_hour_ago(),
            reference=CANARIES["reference"],
            survivor_informed=True,
        )
        note = services.note_create(
            actor=advocate,
            case=case,
            kind="contact",
            body=CANARIES["note_body"],
            contact_at=_an_hour_ago(),
            method="in_person",
        )
        note = services.note_sign(actor=advocate, note=note, version=note.version)
        services.note_add_addendum(actor=advocate, note=note, body=CANARIES["addendum"])
        services.goal_create(
            actor=advocate,
            case=case,
            domain="employment",
            own_words=CANARIES["goal"],
            steps=[CANARIES["goal_step"]],
        )
        services.check_in_record(
            actor=clinician, case=case, ratings={"stability": 4}, note=CANARIES["check_in_note"]
        )
        services.service_record(
            actor=advocate, case=case, category="medical", note=CANARIES["service_note"]
        )
        services.outreach_record(
            actor=advocate,
            case=case,
            attempted_at=_an_hour_ago(),
            method="phone",
            outcome="no_answer",
            note=CANARIES["outreach_note"],
        )
        services.appointment_record(
            actor=advocate,
            case=case,
            scheduled_for=_an_hour_ago(),
            outcome="missed",
            purpose=CANARIES["appointment"],
        )
        services.stage_record(
            actor=advocate, case=case, is_recurrence=True, note=CANARIES["stage_note"]
        )
    elsewhere = Program.objects.create(name="Scan elsewhere")
    other_supervisor = type(supervisor).objects.create_user(
        email="scan-supervisor@staff.alongside.test", password=None, full_name="Scan Supervisor"
    )
    other_supervisor.groups.add(*supervisor.groups.all())
    elsewhere.supervisors.add(other_supervisor)
    with data_key_cache():
        services.break_glass_open(actor=other_supervisor, case=case, reason=CANARIES["break_glass"])
    client = client_for(advocate)
    created = client.post(
        f"/api/v1/cases/{case.pk}/notes",
        {
            "kind": "safety",
            "body": CANARIES["api_note_body"],
            "contact_at": _an_hour_ago().isoformat(),
            "method": "phone",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    searched = client.post(
        "/api/v1/cases/search",
        {"name": CANARIES["legal_name"]},
        content_type="application/json",
    )
    assert searched.json()["count"] == 1
    assert client.get(f"/api/v1/cases/{case.pk}").json()["legal_name"] == CANARIES["legal_name"]


def test_no_case_canary_is_stored_in_plaintext(advocate, clinician, supervisor, client_for):
    _seed_everything(advocate, clinician, supervisor, client_for)
    # Also each name's words on their own: a partial name in an index or a log is a leak too.
    words = {word for name in ("legal_name", "other_names") for word in CANARIES[name].split()}
    assert_no_plaintext([*CANARIES.values(), *(word for word in words if len(word) >= 8)])


def test_no_encrypted_cell_is_left_null(advocate, clinician, supervisor, client_for):
    """ "Not recorded" and "declined" are sealed too, so a NULL anywhere would be tampering."""
    from django.apps import apps

    from protection.fields import EncryptedField

    _seed_everything(advocate, clinician, supervisor, client_for)
    for model in apps.get_app_config("cases").get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedField):
                nulls = model.objects.filter(**{f"{field.name}__isnull": True})
                assert not nulls.exists(), f"{model._meta.db_table}.{field.column}"


def test_positive_control_the_scanner_finds_a_stored_canary(advocate, clinician, supervisor):
    Program.objects.create(name="Plaintext Canary Program Zorvath")
    findings = plaintext_findings(["Canary Program Zorvath", CANARIES["legal_name"]])
    assert {finding.canary for finding in findings} == {"Canary Program Zorvath"}
    assert any(finding.table == "cases_program" for finding in findings)
    with pytest.raises(PlaintextFound):
        assert_no_plaintext(["Canary Program Zorvath"])
