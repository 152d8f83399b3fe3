"""Demo survivors for development: invented people, recorded through the real services.

Every name is clearly synthetic (surnames like "Sampleton" and "Fictova"), so nobody mistakes
the demo for real data. Each case is written the way an advocate would write it: notes, a stage
history with a recurrence, goals in the survivor's own words, check-ins over months, services,
outreach and a missed appointment. Running it again changes nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.seeding.demo import assert_development
from cases import services
from cases.choices import (
    AppointmentOutcome,
    ContactMethod,
    NoteKind,
    OutreachOutcome,
    RecoveryDomain,
    ReminderKind,
    Stage,
    TeamRole,
)
from cases.models import Case
from organization.models import Program
from protection.envelope import data_key_cache
from reminders.services import reminder_create

DEMO_PROGRAM = "Demo program: survivor services"
# A second program with its own supervisor and advocate, so that break-glass (a supervisor
# reading a case outside their program) and its review by the other supervisor can be tried.
NORTHSIDE_PROGRAM = "Demo program: Northside outreach"


@dataclass(frozen=True)
class DemoSurvivor:
    preferred_name: str
    legal_name: str
    born: datetime.date | None
    months_ago: int  # intake, this many months before today
    trafficking_type: str
    gender_identity: str
    citizenship_category: str
    # Language: an ISO 639-1 code (cases.choices.Language), or "other" with the language written.
    primary_language: str = "en"
    interpreter_needed: bool = False
    phone: str = ""
    flags: tuple[str, ...] = ()
    plan: str = ""
    codeword: str = ""
    voicemail: str = "none"
    texts_ok: bool | None = None
    goals: tuple[tuple[str, str], ...] = ()
    services: tuple[str, ...] = ("case_management",)
    stages: tuple[str, ...] = (Stage.CONTEMPLATION, Stage.PREPARATION)
    recurrence: bool = False
    clinician: bool = False
    lead: str = "advocate"  # or "supervisor": opened by the supervisor, the advocate not on it
    declined: tuple[str, ...] = field(default=())
    primary_language_other: str = ""  # the language, when primary_language is "other"


SURVIVORS = [
    DemoSurvivor(
        "Marisol Sampleton",
        "Marisol Ines Sampleton",
        datetime.date(1996, 4, 12),
        9,
        "labor",
        "woman",
        "foreign_national",
        "es",
        True,
        "+1 202 555 0111",
        flags=("trafficker_in_contact", "monitored_phone"),
        plan="Meet only at the clinic on Tuesdays; her cousin's number is the backup.",
        codeword="blue umbrella",
        goals=(
            ("legal", "I want to get my T visa so I can stop being afraid of the police."),
            ("employment", "I want a job where I get paid every Friday."),
        ),
        services=("immigration", "legal", "interpretation", "case_management"),
        stages=(Stage.CONTEMPLATION, Stage.PREPARATION, Stage.ACTION),
        recurrence=True,
        clinician=True,
    ),
    DemoSurvivor(
        "Dee Fictova",
        "Delphine Fictova",
        datetime.date(2009, 11, 3),
        4,
        "sex",
        "woman",
        "us_citizen",
        phone="+1 202 555 0112",
        flags=("do_not_disclose_location", "threats_to_family"),
        plan="Placement address is never shared; school counselor is the safe adult.",
        codeword="paper lantern",
        goals=(("education", "I want to finish tenth grade with my friends."),),
        services=("emergency_shelter", "mental_health", "education"),
        clinician=True,
    ),
    DemoSurvivor(
        "Tomas Placeholt",
        "Tomas Emil Placeholt",
        datetime.date(1988, 1, 30),
        14,
        "labor",
        "man",
        "foreign_national",
        "pt",
        True,
        "+1 202 555 0113",
        goals=(
            ("housing", "I want a room that is mine, with a lock."),
            ("employment", "I want to work in a kitchen again, with papers."),
        ),
        services=("housing", "employment", "transportation"),
        stages=(Stage.PREPARATION, Stage.ACTION, Stage.MAINTENANCE),
    ),
    DemoSurvivor(
        "Ayla Demoreaux",
        "Ayla Demoreaux",
        datetime.date(1999, 7, 18),
        7,
        "sex",
        "woman",
        "us_citizen",
        phone="+1 202 555 0114",
        flags=("protective_order",),
        plan="Protective order on file; court dates go through the legal advocate.",
        codeword="green teapot",
        texts_ok=True,
        goals=(("safety", "I want to walk to the store without looking over my shoulder."),),
        services=("criminal_justice", "safety_planning", "medical"),
        recurrence=True,
    ),
    DemoSurvivor(
        "Kofi Mockridge",
        "Kofi Mockridge",
        datetime.date(1979, 2, 5),
        11,
        "labor",
        "man",
        "lpr",
        "other",
        True,
        primary_language_other="Twi",
        goals=(("health", "I want to see a dentist and stop the pain in my jaw."),),
        services=("medical", "case_management"),
        stages=(Stage.PRECONTEMPLATION, Stage.CONTEMPLATION),
    ),
    DemoSurvivor(
        "Rain Synthwick",
        "",
        None,
        5,
        "both",
        "non_binary",
        "prefer_not_to_say",
        phone="+1 202 555 0116",
        flags=("self_harm_risk",),
        plan="Check in gently; crisis line card given; clinician informed.",
        codeword="quiet harbor",
        goals=(("emotional_wellbeing", "I want to sleep through the night."),),
        services=("mental_health", "substance_use"),
        clinician=True,
        declined=("legal_name", "date_of_birth"),
    ),
    DemoSurvivor(
        "Lena Examplar",
        "Magdalena Examplar",
        datetime.date(1992, 9, 9),
        16,
        "sex",
        "transgender_woman",
        "us_citizen",
        phone="+1 202 555 0117",
        texts_ok=True,
        voicemail="vague",
        goals=(
            ("housing", "I want to keep my apartment for a whole year."),
            ("family", "I want to call my sister on her birthday."),
        ),
        services=("housing", "financial", "personal_items"),
        stages=(Stage.ACTION, Stage.MAINTENANCE),
    ),
    DemoSurvivor(
        "Yusuf Testwell",
        "Yusuf Testwell",
        datetime.date(2001, 12, 24),
        3,
        "labor",
        "man",
        "foreign_national",
        "ar",
        True,
        flags=("trafficker_in_contact",),
        plan="The former employer still calls; all contact through the office phone.",
        codeword="olive branch",
        goals=(("legal", "I want my passport back in my own hands."),),
        services=("legal", "immigration", "interpretation"),
        stages=(Stage.CONTEMPLATION,),
    ),
    DemoSurvivor(
        "Noor Dummond",
        "Noor Dummond",
        datetime.date(1985, 6, 1),
        20,
        "unknown",
        "woman",
        "unknown",
        goals=(("employment", "I want to finish the caregiver course."),),
        services=("education", "employment"),
        stages=(Stage.PREPARATION, Stage.ACTION, Stage.MAINTENANCE),
        recurrence=True,
        lead="supervisor",
        clinician=True,
    ),
    DemoSurvivor(
        "Jun Pretendo",
        "Jun Pretendo",
        datetime.date(1997, 3, 15),
        8,
        "sex",
        "man",
        "foreign_national",
        "ko",
        True,
        phone="+1 202 555 0119",
        goals=(("emotional_wellbeing", "I want to trust one person at group."),),
        services=("mental_health", "case_management"),
    ),
    DemoSurvivor(
        "Bea Invento",
        "Beatriz Invento",
        datetime.date(1990, 10, 20),
        12,
        "labor",
        "woman",
        "lpr",
        "tl",
        goals=(("family", "I want my children to visit me on weekends."),),
        services=("family_reunification", "legal"),
        lead="supervisor",
    ),
    DemoSurvivor(
        "Sam Makebelieve",
        "Samira Makebelieve",
        datetime.date(2003, 5, 28),
        6,
        "sex",
        "woman",
        "us_citizen",
        phone="+1 202 555 0121",
        texts_ok=True,
        goals=(("education", "I want to get my GED before summer."),),
        services=("education", "transportation", "case_management"),
        stages=(Stage.PRECONTEMPLATION, Stage.CONTEMPLATION, Stage.PREPARATION),
    ),
]

# The Northside program's survivors, led by its own advocate. The second has had no contact
# for two months, so its lead advocate has a quiet-case reminder waiting.
NORTHSIDE_SURVIVORS = [
    DemoSurvivor(
        "Iris Exampleton",
        "Iris Maren Exampleton",
        datetime.date(1993, 2, 7),
        5,
        "labor",
        "woman",
        "foreign_national",
        "tl",  # Tagalog
        True,
        "+1 202 555 0131",
        flags=("monitored_phone",),
        plan="Call only from the clinic's phone; she answers on the second ring.",
        codeword="green kettle",
        goals=(("housing", "I want my own place near my sister."),),
        services=("housing", "interpretation", "case_management"),
    ),
    DemoSurvivor(
        "Femi Testwell",
        "Oluwafemi Testwell",
        datetime.date(1990, 9, 22),
        3,
        "labor",
        "man",
        "foreign_national",
        "other",
        phone="+1 202 555 0132",
        primary_language_other="Yoruba",
        goals=(("employment", "I want to drive for a living, with a proper licence."),),
        services=("employment", "legal"),
        stages=(Stage.PRECONTEMPLATION, Stage.CONTEMPLATION),
    ),
]

NOTE_LINES = [
    (
        NoteKind.CONTACT,
        ContactMethod.IN_PERSON,
        "Met at the office. She led the conversation; "
        "we talked about what this week needs to look like.",
    ),
    (
        NoteKind.ADVOCACY,
        ContactMethod.PHONE,
        "Called the housing office on the survivor's behalf "
        "with her permission; application is in review.",
    ),
    (
        NoteKind.SAFETY,
        ContactMethod.IN_PERSON,
        "Reviewed the safety plan together; nothing to change this time.",
    ),
    (NoteKind.SERVICE, ContactMethod.VIDEO, "Helped complete the benefits form over video."),
    (
        NoteKind.GENERAL,
        ContactMethod.TEXT,
        "Short check-in by text, as the safe-contact rules allow. Doing okay.",
    ),
]


def _at(day: datetime.date, hour: int = 11) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def seed_demo_cases(
    *,
    advocate: User,
    clinician: User,
    supervisor: User,
    northside_advocate: User | None = None,
    northside_supervisor: User | None = None,
) -> list[Case]:
    """Create the demo programs and their survivors, unless they already exist."""
    assert_development()
    cases = _seed_program(DEMO_PROGRAM, SURVIVORS, advocate, clinician, supervisor)
    if northside_advocate is not None and northside_supervisor is not None:
        cases += _seed_program(
            NORTHSIDE_PROGRAM,
            NORTHSIDE_SURVIVORS,
            northside_advocate,
            clinician,
            northside_supervisor,
        )
    # What the daily task would have found by now: the lead advocates of quiet cases get
    # their reminder, so the home page and the caseload show what is waiting.
    services.quiet_cases_remind()
    return cases


def _seed_program(name, survivors, advocate, clinician, supervisor) -> list[Case]:
    program, _created = Program.objects.get_or_create(name=name)
    program.supervisors.add(supervisor)
    if program.cases.exists():
        return list(program.cases.all())
    today = timezone.localdate()
    cases = []
    with data_key_cache():
        for index, person in enumerate(survivors):
            cases.append(_seed_one(person, index, program, today, advocate, clinician, supervisor))
    return cases


def _seed_one(person, index, program, today, advocate, clinician, supervisor) -> Case:
    intake = today - datetime.timedelta(days=30 * person.months_ago)
    lead = advocate if person.lead == "advocate" else supervisor
    case = services.case_open(
        actor=lead,
        program=program,
        intake_date=intake,
        identity=services.Identity(
            preferred_name=person.preferred_name,
            legal_name=person.legal_name,
            date_of_birth=person.born,
            phone=person.phone,
            declined_fields=person.declined,
        ),
        categories={
            "trafficking_type": person.trafficking_type,
            "gender_identity": person.gender_identity,
            "citizenship_category": person.citizenship_category,
            "primary_language": person.primary_language,
            "primary_language_other": person.primary_language_other,
            "interpreter_needed": person.interpreter_needed,
        },
    )
    # The lead has worked with the survivor since intake: a team place dated the day the demo
    # was seeded would precede none of the notes the lead wrote (dated from intake on).
    case.team.filter(user=lead).update(since=intake)
    if person.clinician:
        services.team_member_add(
            actor=supervisor, case=case, user=clinician, team_role=TeamRole.CLINICIAN, since=intake
        )
    if person.flags or person.plan:
        case = services.safety_update(
            actor=lead, case=case, flags=list(person.flags), plan=person.plan
        )
    services.safe_contact_update(
        actor=lead,
        case=case,
        calls_ok=True,
        voicemail=person.voicemail,
        texts_ok=person.texts_ok,
        email_ok=False,
        safe_times="Weekdays 10:00 to 14:00",
        codeword=person.codeword,
    )
    if case.minor_at_intake:
        services.mandated_report_update(
            actor=lead,
            case=case,
            report_made_to="State child protective services hotline",
            reported_at=_at(intake),
            reference="",
            survivor_informed=False,  # still open on the checklist
        )
    days = max(30 * person.months_ago, 1)
    for step, stage in enumerate(person.stages):
        services.stage_record(
            actor=lead,
            case=case,
            stage=stage,
            occurred_on=intake + datetime.timedelta(days=step * days // (len(person.stages) + 1)),
        )
    if person.recurrence:
        services.stage_record(
            actor=lead,
            case=case,
            is_recurrence=True,
            occurred_on=today - datetime.timedelta(days=days // 4),
            note="Went back for a few weeks; we kept in touch and picked up where we were.",
        )
    for domain, words in person.goals:
        services.goal_create(
            actor=lead, case=case, domain=domain, own_words=words, steps=["Talk it through"]
        )
    for number in range(min(person.months_ago, 8)):
        kind, method, body = NOTE_LINES[(number + index) % len(NOTE_LINES)]
        services.note_create(
            actor=lead,
            case=case,
            kind=kind,
            body=body,
            contact_at=_at(intake + datetime.timedelta(days=number * days // 8 + 1)),
            method=method,
            duration_minutes=20 + 10 * (number % 4),
        )
    domains = RecoveryDomain.values
    for month in range(0, person.months_ago, 2):
        services.check_in_record(
            actor=clinician if person.clinician else lead,
            case=case,
            checked_on=intake + datetime.timedelta(days=30 * month + 3),
            ratings={
                domain: min(5, 1 + (month + position + index) % 3 + month // 4)
                for position, domain in enumerate(domains)
            },
        )
    for number, category in enumerate(person.services):
        services.service_record(
            actor=lead,
            case=case,
            category=category,
            provided_on=intake + datetime.timedelta(days=number * 9 + 2),
        )
    services.outreach_record(
        actor=lead,
        case=case,
        attempted_at=_at(today - datetime.timedelta(days=3 + index), 15),
        method=ContactMethod.PHONE,
        outcome=OutreachOutcome.NO_ANSWER if index % 2 else OutreachOutcome.REACHED,
    )
    if index % 3 == 0:
        missed = services.appointment_record(
            actor=lead,
            case=case,
            scheduled_for=_at(today - datetime.timedelta(days=10 + index), 14),
            outcome=AppointmentOutcome.MISSED,
            purpose="Benefits appointment",
        )
        if index == 0:
            # A follow-up due today on the missed appointment, for the lead advocate.
            reminder_create(
                case=case,
                assignee=lead,
                kind=ReminderKind.FOLLOW_UP,
                due_on=today,
                source=missed,
            )
    return case
