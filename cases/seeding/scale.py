"""Large synthetic data sets for measuring: 100,000 cases with a million notes in minutes.

The services write one case at a time with its audit events, which is right for people and far
too slow for a million rows. Here rows are built in memory and inserted with ``bulk_create`` in
batches, and everything is still encrypted as the services would: each case gets its own data
key (wrapped under the current KEK with its owner as associated data, then bulk-inserted and
unwrapped into the batch's key cache with one query), and every encrypted field is sealed by the
field itself on insert, bound to its table, column and row. Blind indexes are computed by their
fields the same way. One audit event records the seeding (never a value).
"""

import datetime
import os
import random
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.seeding.demo import DEMO_DOMAIN, assert_development
from audit.models import AuditAction
from audit.services import audit_record
from cases.choices import (
    AgeBand,
    CitizenshipCategory,
    ContactMethod,
    GenderIdentity,
    NoteKind,
    SafetyFlag,
    TeamRole,
    TraffickingType,
)
from cases.models import Case, CaseNote, CaseNumberSequence, SafeContact, TeamMembership
from cases.services import age_band_for, age_on
from organization.models import Program
from protection.aead import KEY_BYTES
from protection.envelope import OwnerRef, data_key_cache, data_keys_prefetch, wrap_data_key
from protection.keyring import get_keyring
from protection.models import DataKey

SCALE_PROGRAM = "Scale program: synthetic load"
BATCH = 2_000

# Invented, clearly synthetic names: 40 x 40 combinations, so an exact-name search at 100,000
# cases finds a few dozen people, as a common name would.
FIRST_NAMES = [
    "Ada",
    "Alba",
    "Amir",
    "Anya",
    "Bo",
    "Cai",
    "Dara",
    "Eli",
    "Ema",
    "Fen",
    "Gia",
    "Hana",
    "Ines",
    "Ivo",
    "Jade",
    "Jun",
    "Kai",
    "Kira",
    "Lale",
    "Leo",
    "Lina",
    "Lio",
    "Mara",
    "Mika",
    "Nia",
    "Noa",
    "Omar",
    "Pia",
    "Rafa",
    "Remy",
    "Rin",
    "Sana",
    "Tao",
    "Teo",
    "Uma",
    "Vera",
    "Wen",
    "Yara",
    "Zoe",
    "Zuri",
]
SURNAMES = [
    "Sampleton",
    "Fictova",
    "Placeholt",
    "Demoreaux",
    "Mockridge",
    "Synthwick",
    "Examplar",
    "Testwell",
    "Dummond",
    "Pretendo",
    "Invento",
    "Makebelieve",
    "Fakhurst",
    "Stubbings",
    "Notreal",
    "Madeupson",
    "Imaginary",
    "Lorem",
    "Ipsova",
    "Fauxley",
    "Shamwell",
    "Draftsby",
    "Proxmire",
    "Mockett",
    "Seedwell",
    "Benchley",
    "Loadsworth",
    "Scaleby",
    "Bulkman",
    "Fixturo",
    "Dummary",
    "Nullson",
    "Voidel",
    "Blankett",
    "Emptor",
    "Nominy",
    "Sampla",
    "Trialdo",
    "Pilotti",
    "Mockler",
]
NOTE_BODIES = (
    "Met at the office; she led the conversation and we planned the week together.",
    "Called as the safe-contact rules allow. Doing okay, asked about the housing application.",
    "Went with him to the benefits office; the form is in and we wait for a letter.",
    "Reviewed the safety plan together. Nothing to change this time.",
    "Short check-in by text. Appointment moved to Thursday at her request.",
    "Talked through the court date and what to expect in the waiting room.",
)
KINDS = [kind.value for kind in NoteKind]
METHODS = [ContactMethod.IN_PERSON, ContactMethod.PHONE, ContactMethod.VIDEO, ContactMethod.TEXT]


@dataclass
class ScaleResult:
    cases: int = 0
    notes: int = 0
    seconds: float = 0.0


def _staff(advocate_count: int) -> list[User]:
    """Synthetic advocates who lead the cases the demo users are not on (no password)."""
    emails = [f"scale-advocate-{n}@{DEMO_DOMAIN}" for n in range(advocate_count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    fresh = []
    for n, email in enumerate(emails):
        if email in existing:
            continue
        user = User(email=email, full_name=f"Scale Advocate {n}")
        user.set_unusable_password()
        fresh.append(user)
    User.objects.bulk_create(fresh, batch_size=BATCH)
    staff = list(User.objects.filter(email__in=emails).order_by("email"))
    group = Group.objects.get(name=Role.ADVOCATE)
    Membership = User.groups.through
    have = set(
        Membership.objects.filter(group=group, user__in=staff).values_list("user", flat=True)
    )
    Membership.objects.bulk_create(
        [Membership(user=user, group=group) for user in staff if user.pk not in have]
    )
    return staff


@transaction.atomic
def _reserve_numbers(year: int, count: int) -> int:
    """Take ``count`` case numbers at once; returns the first."""
    CaseNumberSequence.objects.get_or_create(year=year)
    sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
    first = sequence.last + 1
    CaseNumberSequence.objects.filter(year=year).update(last=F("last") + count)
    return first


def _data_keys_create(cases: list[Case]) -> None:
    keyring = get_keyring()
    version = keyring.current_kek_version
    rows = []
    for case in cases:
        ref = OwnerRef(Case._meta.label_lower, case.pk)
        wrapped = wrap_data_key(keyring, version, ref, os.urandom(KEY_BYTES))
        rows.append(
            DataKey(
                owner_type=ref.owner_type,
                owner_id=ref.owner_id,
                wrapped_key=wrapped,
                kek_version=version,
            )
        )
    _insert_rows(rows)
    # Unwrap the batch's keys into the current cache with one query, so sealing costs none.
    data_keys_prefetch(cases)


def seed_scale(
    *,
    cases: int,
    notes_per_case: int,
    advocate: User,
    clinician: User,
    supervisor: User,
    seed: int = 2026,
    progress=None,
) -> ScaleResult:
    """Top the scale program up to ``cases`` synthetic cases, each with ``notes_per_case`` notes.

    The demo advocate leads a share of them (the caseload of a busy advocate, not the whole
    program) and the demo clinician is on some; the demo supervisor supervises the program.
    """
    assert_development()
    started = timezone.now()
    program, _created = Program.objects.get_or_create(name=SCALE_PROGRAM)
    program.supervisors.add(supervisor)
    missing = cases - program.cases.count()
    if missing <= 0:
        return ScaleResult()
    staff = _staff(max(1, cases // 50))
    # The demo advocate leads every n-th case: all of a small set, 100 of 100,000 (a heavy
    # caseload for one advocate; the demo supervisor sees the whole program).
    advocate_every = max(1, min(1000, cases // 25))
    clinician_every = advocate_every * 5 // 2 or 1
    chooser = random.Random(seed + missing)  # noqa: S311 - synthetic data, not secrets
    today = timezone.localdate()
    now = timezone.now()
    start_index = program.cases.count()
    first_number = _reserve_numbers(today.year, missing)
    result = ScaleResult()
    for batch_start in range(0, missing, BATCH):
        size = min(BATCH, missing - batch_start)
        with transaction.atomic(), data_key_cache():
            made_cases, made_notes = _seed_batch(
                chooser=chooser,
                program=program,
                first_index=start_index + batch_start,
                first_number=first_number + batch_start,
                size=size,
                notes_per_case=notes_per_case,
                staff=staff,
                advocate=advocate,
                clinician=clinician,
                advocate_every=advocate_every,
                clinician_every=clinician_every,
                today=today,
                now=now,
            )
        result.cases += made_cases
        result.notes += made_notes
        if progress:
            progress(result)
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner knows a caseload from the whole organization.
        with connection.cursor() as cursor:
            for model in (Case, CaseNote, SafeContact, TeamMembership, DataKey):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        target_type=Case._meta.label_lower,
        fields=["synthetic_scale_data"],
        reason=f"seed_demo --cases: {result.cases} cases, {result.notes} notes",
    )
    result.seconds = (timezone.now() - started).total_seconds()
    return result


def _seed_batch(
    *,
    chooser,
    program,
    first_index,
    first_number,
    size,
    notes_per_case,
    staff,
    advocate,
    clinician,
    advocate_every,
    clinician_every,
    today,
    now,
) -> tuple[int, int]:
    flags = [flag.value for flag in SafetyFlag]
    genders = [GenderIdentity.WOMAN, GenderIdentity.MAN, GenderIdentity.NON_BINARY]
    citizenship = list(CitizenshipCategory.values)
    trafficking = list(TraffickingType.values)
    cases, contacts, memberships, notes = [], [], [], []
    for offset in range(size):
        index = first_index + offset
        intake = today - datetime.timedelta(days=chooser.randint(1, 900))
        born = intake - datetime.timedelta(days=chooser.randint(14 * 365, 60 * 365))
        age = age_on(born, intake)
        name = f"{chooser.choice(FIRST_NAMES)} {chooser.choice(SURNAMES)}"
        contact_times = sorted(
            now - datetime.timedelta(minutes=chooser.randint(60, (today - intake).days * 1440 + 60))
            for _ in range(notes_per_case)
        )
        case = Case(
            id=uuid.uuid4(),
            number=f"AL-{today.year}-{first_number + offset:05d}",
            program=program,
            intake_date=intake,
            opened_at=timezone.make_aware(datetime.datetime.combine(intake, datetime.time(9))),
            created_by=advocate,
            last_contact_at=contact_times[-1] if contact_times else None,
            preferred_name=name,
            legal_name=f"{name} {SURNAMES[index % len(SURNAMES)]}",
            date_of_birth=born,
            phone=f"+1 202 555 {index % 10_000:04d}",
            safety_flags=chooser.sample(flags, k=chooser.choice([0, 0, 1, 2])),
            age_band=age_band_for(age) if age >= 0 else AgeBand.UNKNOWN,
            minor_at_intake=age < 18,
            gender_identity=chooser.choice(genders),
            citizenship_category=chooser.choice(citizenship),
            trafficking_type=chooser.choice(trafficking),
            primary_language="en",  # Language.ENGLISH
        )
        cases.append(case)
        contacts.append(SafeContact(id=uuid.uuid4(), case=case))
        lead = advocate if index % advocate_every == 0 else staff[index % len(staff)]
        memberships.append(
            TeamMembership(
                case=case,
                user=lead,
                team_role=TeamRole.LEAD_ADVOCATE,
                since=intake,
                added_by=lead,
            )
        )
        if index % clinician_every == 0:
            memberships.append(
                TeamMembership(
                    case=case,
                    user=clinician,
                    team_role=TeamRole.CLINICIAN,
                    since=intake,
                    added_by=lead,
                )
            )
        for number, contact_at in enumerate(contact_times):
            notes.append(
                CaseNote(
                    id=uuid.uuid4(),
                    case=case,
                    kind=KINDS[(index + number) % len(KINDS)],
                    body=NOTE_BODIES[(index + number) % len(NOTE_BODIES)],
                    contact_at=contact_at,
                    method=METHODS[(index + number) % len(METHODS)],
                    duration_minutes=15 + 5 * (number % 6),
                    author=lead,
                    created_at=contact_at,
                    updated_at=contact_at,
                )
            )
    _data_keys_create(cases)
    for rows in (cases, contacts, memberships, notes):
        _insert_rows(rows)
    return len(cases), len(notes)


def _insert_rows(rows: list) -> None:
    """Insert model instances as plain rows: ``bulk_create`` spends most of its time per field.

    Each value goes through its field's own ``pre_save`` and ``get_db_prep_save``, as an
    ORM insert would: encrypted fields seal under the case's data key with the row's associated
    data, blind indexes compute their HMACs, defaults fill in.
    """
    if not rows:
        return
    meta = rows[0]._meta
    fields = list(meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    values = [
        [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]
        for row in rows
    ]
    table = connection.ops.quote_name(meta.db_table)
    # Table and column names come from the model's own metadata; every value is a parameter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor,
                f"INSERT INTO {table} ({columns}) VALUES %s",  # noqa: S608
                values,
                page_size=BATCH,
            )
        else:
            marks = ", ".join(["%s"] * len(fields))
            insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(insert, values)
