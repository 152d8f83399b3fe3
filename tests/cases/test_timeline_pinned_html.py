"""Every kind of timeline entry, rendered exactly as people have been reading it.

Each app's source renders its own entries (``alongside.timeline``); this pins the markup of
every kind, and of the variants a kind has (signed or not, with or without a total, each
recipient kind, each referral step), so that a change to how entries travel from the statement
to the renderers cannot change a character of what people read. Ids and times are replaced by
placeholders; everything else is compared as it is.
"""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.roles import Role
from cases import selectors
from cases import services as case_services
from cases.templatetags.cases import timeline_entries
from clinicians import services as clinician_services
from consent import services as consent_services
from consent.choices import (
    ConsentMethod,
    DataCategory,
    Purpose,
    RecipientClass,
    Relationship,
    RevocationMethod,
    Signer,
)
from consent.models import Release
from consent.recipients import Recipient
from directory import services as directory_services
from organization.models import Program
from referrals import services as referral_services
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Urgency
from tests.cases.conftest import write_note
from tests.clinicians.conftest import give_profile

pytestmark = pytest.mark.django_db

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIME = re.compile(r'<time datetime="[^"]+">[^<]+</time>')


def _normalized(html: str) -> str:
    return _TIME.sub("<time/>", _UUID.sub("<id>", html))


def _rendered(case, viewer) -> dict[str, list[str]]:
    """The viewer's timeline of ``case``, each entry's ``<li>`` by kind, in a stable order."""
    entries = selectors.case_record(case=case, viewer=viewer).timeline
    by_kind: dict[str, list[str]] = {}
    for entry in entries:
        html = _normalized(str(timeline_entries([entry], case)))
        by_kind.setdefault(entry.kind, []).append(html)
    return {kind: sorted(items) for kind, items in by_kind.items()}


def _release(actor, case, recipient, **values):
    return consent_services.release_grant(
        actor=actor,
        case=case,
        recipient=recipient,
        categories=[DataCategory.IDENTITY],
        purposes=[Purpose.REFERRAL],
        method=values.pop("method", ConsentMethod.WRITTEN),
        signer=Signer.SURVIVOR,
        **values,
    )


@pytest.fixture
def busy_case(
    case,
    advocate,
    clinician,
    supervisor,
    administrator,
    make_user,
    program,
    django_capture_on_commit_callbacks,
):
    """One entry of every kind, and of each variant a kind renders differently."""
    program.supervisors.add(supervisor)
    past = timezone.now() - datetime.timedelta(days=3)
    # Cases: notes (signed with minutes, unsigned without), stages, recurrences, the rest.
    signed = write_note(case, advocate, contact_at=past, duration_minutes=45)
    case_services.note_sign(actor=advocate, note=signed, version=signed.version)
    write_note(
        case, advocate, contact_at=past, method="phone", kind="safety", duration_minutes=None
    )
    write_note(case, advocate, contact_at=past, duration_minutes=1)
    case_services.stage_record(actor=advocate, case=case, stage="preparation")
    case_services.stage_record(actor=advocate, case=case, is_recurrence=True)
    case_services.stage_record(actor=advocate, case=case, is_recurrence=True, stage="action")
    case_services.service_record(actor=advocate, case=case, category="housing")
    case_services.goal_create(
        actor=advocate, case=case, domain="safety", own_words="Feel safe", steps=[]
    )
    case_services.check_in_record(actor=advocate, case=case, ratings={"stability": 3})
    case_services.outreach_record(
        actor=advocate, case=case, attempted_at=past, method="text", outcome="left_message"
    )
    case_services.appointment_record(
        actor=advocate, case=case, scheduled_for=past, outcome="missed"
    )
    # Clinicians: a session, measures with and without a total and a meaningful change, and
    # an assignment of a second clinician.
    clinician_services.session_record(
        actor=clinician,
        held_on=timezone.localdate(),
        duration_minutes=50,
        modality="emdr",
        format="individual",
        participants={case: "did_not_attend"},
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    clinician_services.measure_record(
        actor=clinician, case=case, instrument="phq9", answers=[0] * 9, administered_on=yesterday
    )
    clinician_services.measure_record(
        actor=clinician, case=case, instrument="phq9", answers=[2] * 9
    )
    clinician_services.measure_record(
        actor=clinician, case=case, instrument="gad7", answers=["declined"] * 7
    )
    second = give_profile(make_user(Role.CLINICIAN, full_name="Dana Second")).user
    assignment = clinician_services.assignment_request(actor=advocate, case=case, clinician=second)
    clinician_services.assignment_decline(actor=supervisor, assignment=assignment)
    # Consent: to an organization, a person and a class; confirmed, expired, revoked, restricted.
    agency = directory_services.organization_create(actor=administrator, name="Harbor & Home")
    service = directory_services.service_create(
        actor=administrator, organization=agency, name="Transitional housing"
    )
    to_agency = _release(advocate, case, Recipient.organization(agency.pk))
    friend = consent_services.person_add(
        actor=advocate, case=case, relationship=Relationship.SUPPORT_PERSON, name="Mo Friend"
    )
    verbal = _release(advocate, case, Recipient.person(friend.pk), method=ConsentMethod.VERBAL)
    consent_services.release_confirm_in_writing(actor=advocate, release=verbal)
    to_lawyers = _release(advocate, case, Recipient.of_class(RecipientClass.LEGAL_SERVICES))
    Release.objects.filter(pk=to_lawyers.pk).update(expired_at=timezone.now())
    consent_services.release_revoke(
        actor=advocate, release=to_lawyers, method=RevocationMethod.WRITTEN
    )
    consent_services.restriction_add(
        actor=advocate, case=case, recipient=Recipient.of_class(RecipientClass.LAW_ENFORCEMENT)
    )
    # Referrals: sent, declined with a reason, completed with an outcome, to a program.
    from tests.referrals.conftest import partner_of

    partner = partner_of(agency, make_user, administrator)
    values = {"purpose": Purpose.REFERRAL, "urgency": Urgency.ROUTINE, "note": "A bed"}
    declined = referral_services.referral_make(
        actor=advocate, case=case, service=service, categories=[DataCategory.IDENTITY], **values
    )
    referral_services.referral_step(
        actor=partner,
        referral=declined,
        to_status=ReferralStatus.DECLINED,
        version=declined.version,
        reason=DeclineReason.NO_CAPACITY,
    )
    done = referral_services.referral_make(
        actor=advocate, case=case, service=service, categories=[DataCategory.IDENTITY], **values
    )
    for status in (ReferralStatus.ACCEPTED, ReferralStatus.IN_SERVICE):
        done.refresh_from_db()
        referral_services.referral_step(
            actor=partner, referral=done, to_status=status, version=done.version
        )
    done.refresh_from_db()
    referral_services.referral_step(
        actor=partner,
        referral=done,
        to_status=ReferralStatus.COMPLETED,
        version=done.version,
        outcome=Outcome.SERVICE_PROVIDED,
    )
    shelter = Program.objects.create(name="Shelter <program>")
    shelter.supervisors.add(make_user(Role.SUPERVISOR, full_name="Sam Shelter"))
    referral_services.referral_make(
        actor=advocate, case=case, program=shelter, categories=[DataCategory.IDENTITY], **values
    )
    # Pending when the survivor revokes the release it went under: stopped, by no one.
    referral_services.referral_make(
        actor=advocate, case=case, service=service, categories=[DataCategory.IDENTITY], **values
    )
    with django_capture_on_commit_callbacks(execute=True):
        consent_services.release_revoke(
            actor=advocate, release=to_agency, method=RevocationMethod.IN_PERSON
        )
    return case


def test_every_kind_renders_as_pinned_for_a_clinician(busy_case, clinician):
    assert _rendered(busy_case, clinician) == CLINICIAN_SEES


def test_every_kind_renders_as_pinned_for_an_advocate(busy_case, advocate):
    seen = _rendered(busy_case, advocate)
    assert "measure" not in seen
    assert seen == {
        **{kind: html for kind, html in CLINICIAN_SEES.items() if kind != "measure"},
        "measure_done": MEASURE_DONE,
    }


# The markup as it was read before the timeline's entries became typed objects.
CLINICIAN_SEES: dict[str, list[str]] = {
    "appointment": [
        '<li class="timeline__entry timeline__entry--appointment">\n'
        "      <time/>\n"
        "        Appointment: Did not attend\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n"
    ],
    "check_in": [
        '<li class="timeline__entry timeline__entry--check_in">\n'
        "      <time/>\n"
        '        <a href="/cases/<id>/check-ins/">Recovery check-in</a>\n'
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n"
    ],
    "clinician_assignment": [
        '<li class="timeline__entry timeline__entry--clinician_assignment">\n'
        "      <time/>\n"
        "        Clinician assignment declined: Dana Second\n"
        "    </li>\n"
    ],
    "consent_confirmed": [
        '<li class="timeline__entry timeline__entry--consent_confirmed">\n'
        "      <time/>\n"
        "        Verbal release to a support person confirmed in writing\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n"
    ],
    "consent_expired": [
        '<li class="timeline__entry timeline__entry--consent_expired">\n'
        "      <time/>\n"
        "        Release of information to Legal services expired\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n"
    ],
    "consent_granted": [
        '<li class="timeline__entry timeline__entry--consent_granted">\n'
        "      <time/>\n"
        "        Release of information to Harbor &amp; Home recorded\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--consent_granted">\n'
        "      <time/>\n"
        "        Release of information to Legal services recorded\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--consent_granted">\n'
        "      <time/>\n"
        "        Release of information to a support person recorded\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
    ],
    "consent_restricted": [
        '<li class="timeline__entry timeline__entry--consent_restricted">\n'
        "      <time/>\n"
        "        Restriction recorded: never share with Law enforcement\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n"
    ],
    "consent_revoked": [
        '<li class="timeline__entry timeline__entry--consent_revoked">\n'
        "      <time/>\n"
        "        Release of information to Harbor &amp; Home revoked\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--consent_revoked">\n'
        "      <time/>\n"
        "        Release of information to Legal services revoked\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
    ],
    "goal": [
        '<li class="timeline__entry timeline__entry--goal">\n'
        "      <time/>\n"
        '        <a href="/cases/<id>/goals/<id>/">Goal set (Safety)</a>\n'
        '        <span class="muted">· Not started</span>\n'
        "    </li>\n"
    ],
    "measure": [
        '<li class="timeline__entry timeline__entry--measure">\n'
        "      <time/>\n"
        "        GAD-7: no total (too many items unanswered)\n"
        '        <span class="muted">· Carmen Clinician</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--measure">\n'
        "      <time/>\n"
        "        PHQ-9: 0, Minimal\n"
        '        <span class="muted">· Carmen Clinician</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--measure">\n'
        "      <time/>\n"
        "        PHQ-9: 18, Moderately severe\n"
        '        <span class="tag">Clinically meaningful change</span>\n'
        '        <span class="muted">· Carmen Clinician</span>\n'
        "    </li>\n",
    ],
    "note": [
        '<li class="timeline__entry timeline__entry--note">\n'
        "      <time/>\n"
        '        <a href="/cases/<id>/notes/<id>/">Contact note</a>\n'
        '        <span class="muted">In person, 1 minute · Alice Advocate</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--note">\n'
        "      <time/>\n"
        '        <a href="/cases/<id>/notes/<id>/">Contact note</a>\n'
        '        <span class="muted">In person, 45 minutes · Alice Advocate</span>\n'
        '        <span class="tag">Signed</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--note">\n'
        "      <time/>\n"
        '        <a href="/cases/<id>/notes/<id>/">Safety note</a>\n'
        '        <span class="muted">Phone call · Alice Advocate</span>\n'
        "    </li>\n",
    ],
    "outreach": [
        '<li class="timeline__entry timeline__entry--outreach">\n'
        "      <time/>\n"
        "        Outreach by Text message: Left a message (as the safe-contact rules "
        "allow)\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n"
    ],
    "recurrence": [
        '<li class="timeline__entry timeline__entry--recurrence">\n'
        "      <time/>\n"
        "        Recurrence: an event on the journey\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--recurrence">\n'
        "      <time/>\n"
        "        Recurrence: an event on the journey <span "
        'class="muted">(Action)</span>\n'
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
    ],
    "referral_step": [
        '<li class="timeline__entry timeline__entry--referral_step">\n'
        "      <time/>\n"
        "        Referral sent to Shelter &lt;program&gt; <span "
        'class="tag">Sender</span>\n'
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--referral_step">\n'
        "      <time/>\n"
        "        Referral sent to Transitional housing at Harbor &amp; Home <span "
        'class="tag">Sender</span>\n'
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--referral_step">\n'
        "      <time/>\n"
        "        Referral sent to Transitional housing at Harbor &amp; Home <span "
        'class="tag">Sender</span>\n'
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--referral_step">\n'
        "      <time/>\n"
        "        Referral sent to Transitional housing at Harbor &amp; Home <span "
        'class="tag">Sender</span>\n'
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--referral_step">\n'
        "      <time/>\n"
        "        Referral to Transitional housing at Harbor &amp; Home accepted "
        '<span class="tag">Receiver</span>\n'
        '        <span class="muted">· Pat Partner</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--referral_step">\n'
        "      <time/>\n"
        "        Referral to Transitional housing at Harbor &amp; Home completed: "
        'service provided <span class="tag">Receiver</span>\n'
        '        <span class="muted">· Pat Partner</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--referral_step">\n'
        "      <time/>\n"
        "        Referral to Transitional housing at Harbor &amp; Home declined: no "
        'capacity <span class="tag">Receiver</span>\n'
        '        <span class="muted">· Pat Partner</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--referral_step">\n'
        "      <time/>\n"
        "        Referral to Transitional housing at Harbor &amp; Home stopped: the "
        'survivor revoked their consent <span class="tag">Alongside</span>\n'
        '        <span class="muted">· Alongside</span>\n'
        "    </li>\n",
        '<li class="timeline__entry timeline__entry--referral_step">\n'
        "      <time/>\n"
        "        Service started on the referral to Transitional housing at Harbor "
        '&amp; Home <span class="tag">Receiver</span>\n'
        '        <span class="muted">· Pat Partner</span>\n'
        "    </li>\n",
    ],
    "service": [
        '<li class="timeline__entry timeline__entry--service">\n'
        "      <time/>\n"
        "        Service provided: Housing assistance\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n"
    ],
    "stage": [
        '<li class="timeline__entry timeline__entry--stage">\n'
        "      <time/>\n"
        "        Stage of change: Preparation\n"
        '        <span class="muted">· Alice Advocate</span>\n'
        "    </li>\n"
    ],
    "therapy_session": [
        '<li class="timeline__entry timeline__entry--therapy_session">\n'
        "      <time/>\n"
        "        Individual session (EMDR): Did not attend · 50 min\n"
        '        <span class="muted">· Carmen Clinician</span>\n'
        "    </li>\n"
    ],
}

MEASURE_DONE: list[str] = [
    '<li class="timeline__entry timeline__entry--measure_done">\n'
    "      <time/>\n"
    "        Questionnaire completed with a clinician: GAD-7 (anxiety)\n"
    '        <span class="muted">· Carmen Clinician</span>\n'
    "    </li>\n",
    '<li class="timeline__entry timeline__entry--measure_done">\n'
    "      <time/>\n"
    "        Questionnaire completed with a clinician: PHQ-9 (depression)\n"
    '        <span class="muted">· Carmen Clinician</span>\n'
    "    </li>\n",
    '<li class="timeline__entry timeline__entry--measure_done">\n'
    "      <time/>\n"
    "        Questionnaire completed with a clinician: PHQ-9 (depression)\n"
    '        <span class="muted">· Carmen Clinician</span>\n'
    "    </li>\n",
]
