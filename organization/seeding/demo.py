"""A program waiting for its real name, a supervisor naming waiting for a second person, and
the two demo programs' release rules.

The main demo program keeps the default, governed by VAWA or FVPSA (only written releases
permit sharing: most US victim-service programs work under it, and its demo verbal release
shows what that means); Northside outreach is marked as not governed, so the other rule (a
verbal release permits sharing until its confirm-by day) can be seen too.
"""

from django.db import transaction

from accounts.models import AccountChangeRequest, User
from accounts.seeding.demo import assert_development
from organization import services
from organization.models import Program
from organization.selectors import SUPERVISOR_KIND

# Made with a working title, for the administrator to rename on the Programs page.
PROGRAM_TO_RENAME = "New program (working title)"
DEMO_PROGRAM = "Demo program: survivor services"
NORTHSIDE_PROGRAM = "Demo program: Northside outreach"


@transaction.atomic
def seed_demo_programs(*, administrator: User, naming: User | None) -> None:
    """Idempotent: a second run finds both and creates nothing."""
    assert_development()
    if not Program.objects.filter(name__iexact=PROGRAM_TO_RENAME).exists():
        services.program_create(actor=administrator, name=PROGRAM_TO_RENAME)
    northside = Program.objects.filter(name=NORTHSIDE_PROGRAM).first()
    if northside is not None:
        # Nothing is written (nor audited) when it is already so.
        services.program_vawa_fvpsa_set(actor=administrator, program=northside, governed=False)
    program = Program.objects.filter(name=DEMO_PROGRAM).first()
    if naming is None or program is None or program.supervisors.filter(pk=naming.pk).exists():
        return
    # Any earlier request, decided or not, counts: a second run asks for nothing new.
    if AccountChangeRequest.objects.filter(
        kind=SUPERVISOR_KIND, subject=naming, target_id=program.pk
    ).exists():
        return
    # Waits for a second administrator (or is declined) on Users → Changes waiting for
    # approval; the program's page says so.
    services.program_supervisor_add(actor=administrator, program=program, user=naming)
