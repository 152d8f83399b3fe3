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
    # VAWA (34 U.S.C. 12291(b)(2)) and FVPSA (42 U.S.C. 10406(c)(5)) allow disclosure only
    # under a written, informed, time-limited release: in a program they govern a verbal
    # release is recorded but permits nothing until it is confirmed in writing. On by default:
    # forgetting to set it must cost a convenience, never an over-disclosure.
    governed_by_vawa_fvpsa = models.BooleanField(
        _("governed by VAWA or FVPSA"),
        default=True,
        db_default=True,
        help_text=_(
            "Only a written release permits sharing: a verbal release is recorded but permits "
            "nothing until it is confirmed in writing."
        ),
    )
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
