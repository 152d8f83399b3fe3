"""Demo clinicians and their work with a demo survivor, recorded through the real services.

The demo clinician gets a profile; three more clinicians differ in language, gender and the
approaches they offer, so matching has something to rank. One demo survivor (the demo
clinician not yet on her team) states her wishes and is matched; the advocate asks for the demo
clinician and the supervisor approves. Sessions every fortnight for four months (one of them a
group with another of the clinician's survivors), a PHQ-9 and a PCL-5 every second session,
improving. Running it again changes nothing.
"""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.seeding.demo import DEMO_DOMAIN, DEMO_PASSWORD, assert_development
from cases.access import active_membership
from cases.models import Case
from cases.seeding.demo import DEMO_PROGRAM
from clinicians import services
from clinicians.choices import AssignmentStatus, LicenceType, Modality
from clinicians.models import ClinicianProfile
from protection.envelope import data_key_cache

OTHER_CLINICIANS = [
    # email local part, name, profile
    (
        "clinician.amani",
        "Amani Sampleton, LPC",
        {
            "licence_type": LicenceType.LPC,
            "gender": "woman",
            "languages": ["english", "swahili"],
            "modalities": [Modality.SOMATIC_EXPERIENCING, Modality.ART_THERAPY],
        },
    ),
    (
        "clinician.tomas",
        "Tomás Fictova, PsyD",
        {
            "licence_type": LicenceType.PSYCHOLOGIST,
            "gender": "man",
            "languages": ["english", "spanish"],
            "modalities": [Modality.CPT, Modality.PE, Modality.EMDR],
        },
    ),
    (
        "clinician.noor",
        "Noor Exampleton, LMFT",
        {
            "licence_type": LicenceType.LMFT,
            "gender": "non_binary",
            "languages": ["english", "arabic"],
            "modalities": [Modality.DBT, Modality.GROUP, Modality.MUSIC_THERAPY],
            "accepting_new": False,
        },
    ),
]

# Improving over four months: totals fall through the bands.
PHQ9_SERIES = [
    [3, 2, 3, 2, 2, 2, 2, 1, 0],  # 17 moderately severe
    [2, 2, 2, 2, 1, 2, 1, 1, 0],  # 13 moderate
    [1, 1, 2, 1, 1, 1, 1, 0, 0],  # 8 mild
    [1, 0, 1, 1, 0, 1, 0, 0, 0],  # 4 minimal
]
PCL5_SERIES = [
    [3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 2, 2, 1, 3, 3, 2, 3],  # 52
    [2, 3, 2, 2, 2, 3, 2, 1, 2, 3, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2],  # 41
    [2, 2, 1, 1, 2, 2, 2, 1, 1, 2, 2, 1, 1, 1, 1, 0, 2, 2, 1, 2],  # 29
    [1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1],  # 18
]


def _profile(user, today, **values):
    defaults = {
        "licence_type": LicenceType.LCSW,
        "licence_number": f"DEMO-{user.pk.hex[:6].upper()}",
        "licence_jurisdiction": "Oregon",
        "licence_issued_on": today - datetime.timedelta(days=365 * 6),
        "licence_expires_on": today + datetime.timedelta(days=400),
        "caseload_capacity": 12,
        "accepting_new": True,
    }
    defaults.update(values)
    return services.clinician_profile_update(actor=user, clinician=user, **defaults)


def _other_clinician(local: str, name: str) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        user.groups.add(Group.objects.get(name=Role.CLINICIAN))
    return user


@transaction.atomic
def seed_demo_clinicians(*, advocate: User, clinician: User, supervisor: User) -> int:
    """Seed once; how many profiles were made (0 when already seeded)."""
    assert_development()
    if ClinicianProfile.objects.filter(user=clinician).exists():
        return 0
    today = timezone.localdate()
    with data_key_cache():
        _profile(
            clinician,
            today,
            gender="woman",
            languages=["english", "spanish"],
            modalities=[Modality.TF_CBT, Modality.EMDR, Modality.GROUP],
            licence_expires_on=today + datetime.timedelta(days=50),  # a renewal reminder due
        )
        services.clinician_training_add(
            actor=clinician,
            clinician=clinician,
            kind="certification",
            name="EMDR Basic Training (EMDRIA approved)",
            modality=Modality.EMDR,
            completed_on=today - datetime.timedelta(days=900),
        )
        services.clinician_training_add(
            actor=clinician,
            clinician=clinician,
            kind="training",
            name="TF-CBT Web 2.0",
            modality=Modality.TF_CBT,
            completed_on=today - datetime.timedelta(days=600),
        )
        for local, name, values in OTHER_CLINICIANS:
            _profile(_other_clinician(local, name), today, **values)
        _assignment_with_history(advocate, clinician, supervisor, today)
    services.licence_reminders_create(today=today)
    return 1 + len(OTHER_CLINICIANS)


def _assignment_with_history(advocate, clinician, supervisor, today) -> None:
    demo = Case.objects.filter(program__name=DEMO_PROGRAM).order_by("opened_at")
    on_team = set(active_membership(clinician).values_list("case", flat=True))
    case = next((c for c in demo if c.pk not in on_team and c.status == "active"), None)
    group_peer = next((c for c in demo if c.pk in on_team), None)
    if case is None:
        return
    services.wishes_update(
        actor=advocate,
        case=case,
        language="spanish",
        interpreter_ok=False,
        clinician_gender="woman",
        modalities_wanted=[Modality.EMDR],
        modalities_not_wanted=[Modality.GROUP],
        times="Tuesday or Thursday mornings, after she drops her son at school.",
        in_own_words="I want a woman who speaks Spanish. Not someone from my town.",
    )
    assignment = services.assignment_request(actor=advocate, case=case, clinician=clinician)
    assignment = services.assignment_approve(actor=supervisor, assignment=assignment)
    assert assignment.status == AssignmentStatus.APPROVED
    for instrument in ("phq9", "pcl5"):
        services.measure_schedule_set(
            actor=supervisor, assignment=assignment, instrument=instrument, every_sessions=2
        )
    start = today - datetime.timedelta(weeks=16)
    for number in range(8):
        held_on = start + datetime.timedelta(weeks=2 * number)
        # One group session with another survivor of the clinician's (a skills group).
        group = number == 5 and group_peer is not None
        participants = {case: "attended" if number != 3 else "did_not_attend"}
        if group:
            participants[group_peer] = "attended"
        session = services.session_record(
            actor=clinician,
            held_on=held_on,
            duration_minutes=90 if group else 50,
            modality=Modality.GROUP if group else Modality.EMDR,
            format="group" if group else "individual",
            participants=participants,
        )
        participation = session.participations.get(case=case)
        if number % 2 == 0:
            measured = number // 2
            for instrument, series in (("phq9", PHQ9_SERIES), ("pcl5", PCL5_SERIES)):
                services.measure_record(
                    actor=clinician,
                    case=case,
                    instrument=instrument,
                    answers=series[measured],
                    administered_on=held_on,
                    session=participation,
                )
        if number == 1:
            note = services.clinical_note_create(
                actor=clinician,
                case=case,
                session=participation,
                body="Resourcing and a safe-place exercise; she chose to begin EMDR next time.",
            )
            services.clinical_note_sign(actor=clinician, note=note, version=note.version)
        if number == 2:
            services.psychotherapy_note_create(
                actor=clinician,
                case=case,
                body="My impressions only: strong avoidance around the journey north.",
            )
