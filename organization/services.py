"""The only writers of programs and their supervisors. Every change is audited.

Naming a supervisor hands that person the program's survivors, so it opens an account-change
request (``accounts.change_requests``) and changes nothing until a second person approves it;
the request's ``apply`` adds the supervisor. Removing a supervisor takes access away and
applies at once.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.change_requests import ChangeKind, change_request_open
from accounts.models import AccountChangeRequest, ChangeRequestStatus, User
from audit.models import AuditAction
from audit.services import audit_record
from organization.access import may_manage_programs, may_supervise
from organization.models import Program
from organization.selectors import SUPERVISOR_KIND


def _require_manager(actor: User) -> None:
    if not may_manage_programs(actor):
        raise PermissionDenied


def _clean_name(name: str, *, program: Program | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the program a name.")})
    if len(name) > Program._meta.get_field("name").max_length:
        raise ValidationError({"name": _("A program's name has at most 120 characters.")})
    others = Program.objects.filter(name__iexact=name)
    if program is not None:
        others = others.exclude(pk=program.pk)
    if others.exists():
        raise ValidationError({"name": _("Another program already has this name.")})
    return name


def _save_name(program: Program) -> None:
    try:
        # Its own savepoint, so a concurrent create of the same name leaves the outer
        # transaction usable for the message.
        with transaction.atomic():
            program.save()
    except IntegrityError:
        raise ValidationError({"name": _("Another program already has this name.")}) from None


@transaction.atomic
def program_create(*, actor: User, name: str) -> Program:
    _require_manager(actor)
    program = Program(name=_clean_name(name))
    _save_name(program)
    audit_record(actor=actor, action=AuditAction.CREATE, target=program, fields=["name"])
    return program


@transaction.atomic
def program_rename(*, actor: User, program: Program, name: str) -> Program:
    _require_manager(actor)
    program = Program.objects.select_for_update().get(pk=program.pk)
    name = _clean_name(name, program=program)
    if name == program.name:
        return program
    program.name = name
    _save_name(program)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=program, fields=["name"])
    return program


@transaction.atomic
def program_vawa_fvpsa_set(*, actor: User, program: Program, governed: bool) -> Program:
    """Mark whether VAWA or FVPSA govern the program: when they do, the consent policy lets
    only written releases permit disclosure (``consent.policy``). Audited, with the new value
    as the reason (a setting, never survivor data)."""
    _require_manager(actor)
    program = Program.objects.select_for_update().get(pk=program.pk)
    governed = bool(governed)
    if program.governed_by_vawa_fvpsa == governed:
        return program
    program.governed_by_vawa_fvpsa = governed
    program.save(update_fields=["governed_by_vawa_fvpsa"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=program,
        fields=["governed_by_vawa_fvpsa"],
        reason="governed by VAWA/FVPSA" if governed else "not governed by VAWA/FVPSA",
    )
    return program


def _check_supervisor(program: Program, user: User) -> None:
    if not may_supervise(user):
        raise ValidationError(
            {"user": _("Only an active account with the supervisor role can supervise a program.")}
        )
    if program.supervisors.filter(pk=user.pk).exists():
        raise ValidationError({"user": _("This person already supervises the program.")})


@transaction.atomic
def program_supervisor_add(
    *, actor: User, program: Program, user: User, origin: str = ""
) -> AccountChangeRequest:
    """Ask for ``user`` to supervise ``program``; nothing changes until it is approved."""
    _require_manager(actor)
    _check_supervisor(program, user)
    if AccountChangeRequest.objects.filter(
        kind=SUPERVISOR_KIND,
        subject=user,
        target_id=program.pk,
        status=ChangeRequestStatus.PENDING,
    ).exists():
        raise ValidationError({"user": _("Naming this person already waits for approval.")})
    try:
        return change_request_open(
            actor=actor,
            kind=SUPERVISOR_KIND,
            subject=user,
            payload={"program": program.name},
            target=program,
            origin=origin,
        )
    except ValidationError as error:
        raise ValidationError({"user": error.messages}) from None


def program_supervisor_apply(change_request: AccountChangeRequest, decided_by: User | None):
    """Runs inside the approving transaction: the person becomes a supervisor of the program,
    if they still may be one (an account deactivated meanwhile is refused, and the approval
    with it)."""
    program = Program.objects.select_for_update().filter(pk=change_request.target_id).first()
    if program is None:
        raise ValidationError(_("The program no longer exists. Nothing was changed."))
    user = change_request.subject
    if not may_supervise(user):
        raise ValidationError(
            _("This person is no longer an active supervisor. Nothing was changed.")
        )
    if program.supervisors.filter(pk=user.pk).exists():
        return
    program.supervisors.add(user)
    audit_record(
        actor=decided_by,
        action=AuditAction.PERMISSION_CHANGE,
        target=program,
        fields=["supervisors"],
        reason="supervisor added",
    )


@transaction.atomic
def program_supervisor_remove(*, actor: User, program: Program, user: User) -> None:
    """Taking access away needs no second person: it applies at once."""
    _require_manager(actor)
    if not program.supervisors.filter(pk=user.pk).exists():
        raise ValidationError({"user": _("This person does not supervise the program.")})
    program.supervisors.remove(user)
    audit_record(
        actor=actor,
        action=AuditAction.PERMISSION_CHANGE,
        target=program,
        fields=["supervisors"],
        reason="supervisor removed",
    )


SUPERVISOR_CHANGE_KIND = ChangeKind(
    name=SUPERVISOR_KIND,
    label=gettext_lazy("Naming a program supervisor"),
    apply=program_supervisor_apply,
    # The person named gains the survivors: they cannot vouch for it themselves.
    holder_can_confirm=False,
)
