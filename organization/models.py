"""The organization's structure every app reaches: its programs and their supervisors."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Program(models.Model):
    """A program of the organization; its supervisors see its whole caseload."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="supervised_programs",
        blank=True,
        # The tables the cases app created, kept when the model moved here: no data moved.
        db_table="cases_program_supervisors",
    )

    class Meta:
        db_table = "cases_program"
        ordering = ["name"]
        constraints = [
            # Two programs whose names differ only in case would be one program to a person;
            # the service says so, and this holds when two administrators create at once.
            models.UniqueConstraint(Lower("name"), name="program_name_unique_in_any_case"),
        ]

    def __str__(self) -> str:
        return self.name
