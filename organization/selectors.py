"""Reading the organization's programs."""

from django.db.models import QuerySet

from organization.models import Program


def programs_supervised_by(*, actor) -> QuerySet[Program]:
    """The programs ``actor`` supervises (none for anyone who supervises none)."""
    return Program.objects.filter(supervisors=actor)


def program_supervised_by(*, actor, program_id) -> bool:
    """Whether ``actor`` is a supervisor of the program with this id."""
    return Program.supervisors.through.objects.filter(program_id=program_id, user=actor).exists()
