"""Clinicians' profiles, survivors' wishes, assignments, sessions, notes and outcome measures.

Everything about a survivor is under their case's data key (``encryption_owner``): free text,
the clinicians they do not want to see, notes, psychotherapy notes and item answers.
Crypto-shredding the case makes all of it unreadable at once. Scores, bands and changes are
plaintext numbers computed by the server (``clinicians.measures``), so charts and lists need
no decryption; who may read them is ``clinicians.access``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.identifiers import uuid_pk
from cases.models import Addendum, SignedNote
from clinicians.choices import (
    AssignmentEndReason,
    AssignmentStatus,
    Attendance,
    ClinicianGender,
    LicenceType,
    SessionFormat,
    TrainingKind,
)
from clinicians.measures import InstrumentCode
from protection.fields import EncryptedJSONField, EncryptedTextField

User = settings.AUTH_USER_MODEL


class ClinicianProfile(models.Model):
    """What a clinician offers: about the clinician, not about any survivor, so plaintext."""

    id = uuid_pk()
    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="clinician_profile")
    licence_type = models.CharField(
        _("licence type"), max_length=20, choices=LicenceType.choices, blank=True
    )
    licence_number = models.CharField(_("licence number"), max_length=60, blank=True)
    licence_jurisdiction = models.CharField(_("jurisdiction"), max_length=80, blank=True)
    licence_issued_on = models.DateField(_("licence issued"), null=True, blank=True)
    licence_expires_on = models.DateField(_("licence expires"), null=True, blank=True)
    modalities = models.JSONField(_("modalities"), default=list, blank=True)
    # Lower-case language names as people write them ("spanish", "tigrinya").
    languages = models.JSONField(_("languages"), default=list, blank=True)
    gender = models.CharField(
        _("gender (optional)"), max_length=20, choices=ClinicianGender.choices, blank=True
    )
    caseload_capacity = models.PositiveSmallIntegerField(_("caseload capacity"), default=0)
    accepting_new = models.BooleanField(_("accepting new survivors"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["licence_expires_on"])]

    def __str__(self) -> str:
        return f"clinician profile {self.pk}"

    def licensed_on(self, day) -> bool:
        return bool(
            self.licence_type
            and self.licence_number
            and self.licence_expires_on
            and self.licence_expires_on >= day
            and (self.licence_issued_on is None or self.licence_issued_on <= day)
        )


class ClinicianTraining(models.Model):
    """A trauma-specific training or certification, with its dates."""

    id = uuid_pk()
    profile = models.ForeignKey(
        ClinicianProfile, on_delete=models.CASCADE, related_name="trainings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    name = models.CharField(_("name"), max_length=200)
    modality = models.CharField(_("modality it prepares for"), max_length=30, blank=True)
    completed_on = models.DateField(_("completed"))
    expires_on = models.DateField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return self.name


class LicenceReminder(models.Model):
    """A licence to renew, 60 days before it expires (one per licence expiry date)."""

    id = uuid_pk()
    profile = models.ForeignKey(
        ClinicianProfile, on_delete=models.CASCADE, related_name="licence_reminders"
    )
    expires_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["expires_on"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "expires_on"], name="one_licence_reminder")
        ]

    def __str__(self) -> str:
        return f"licence reminder {self.expires_on}"


class SurvivorWishes(models.Model):
    """What the survivor asks of a clinician, in their words. One per case."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="clinician_wishes"
    )
    # A coarse category, as the case's primary language is: plaintext for matching.
    language = models.CharField(_("language for therapy"), max_length=40, blank=True)
    interpreter_ok = models.BooleanField(_("an interpreter is acceptable"), default=False)
    clinician_gender = models.CharField(
        _("clinician's gender"), max_length=20, choices=ClinicianGender.choices, blank=True
    )
    modalities_wanted = models.JSONField(_("approaches wanted"), default=list, blank=True)
    modalities_not_wanted = models.JSONField(_("approaches not wanted"), default=list, blank=True)
    times = EncryptedTextField(_("times that work"), blank=True)
    in_own_words = EncryptedTextField(_("in the survivor's own words"), blank=True)
    # User ids (as text) of clinicians the survivor does not want to see: who they are may say
    # something about the survivor's community, so it is encrypted with the case.
    clinicians_not_to_see = EncryptedJSONField(_("clinicians not to see"), default=list)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"wishes of {self.case_id}"


class Assignment(models.Model):
    """A clinician for a survivor: requested, then approved or declined, later ended. Rows are
    never deleted, so the survivor's history of clinicians is kept."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="clinician_assignments"
    )
    clinician = models.ForeignKey(User, on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    # Why a clinician over capacity, not accepting or unlicensed was asked for anyway.
    override_reason = EncryptedTextField(_("reason for the override"), blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    membership = models.ForeignKey(
        "cases.TeamMembership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=AssignmentEndReason.choices, blank=True
    )
    end_note = EncryptedTextField(_("note on ending"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "clinician"],
                condition=Q(status__in=["requested", "approved"]),
                name="one_open_assignment_per_clinician",
            )
        ]
        indexes = [
            models.Index(fields=["clinician", "status"]),
            models.Index(fields=["case", "status"]),
        ]

    def __str__(self) -> str:
        return f"assignment {self.pk} ({self.status})"


class MeasureSchedule(models.Model):
    """An instrument due every so many sessions of an assignment."""

    id = uuid_pk()
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="schedules")
    instrument = models.CharField(_("measure"), max_length=10, choices=InstrumentCode.choices)
    every_sessions = models.PositiveSmallIntegerField(_("every how many sessions"))

    class Meta:
        ordering = ["instrument"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "instrument"], name="one_schedule"),
            models.CheckConstraint(
                condition=Q(every_sessions__gte=1), name="schedule_every_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} every {self.every_sessions}"


class TherapySession(models.Model):
    """A session a clinician held. Survivors are in its participations, one row each: a
    survivor's record reads only their own row, never who else was in a group."""

    id = uuid_pk()
    clinician = models.ForeignKey(User, on_delete=models.PROTECT, related_name="therapy_sessions")
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"))
    modality = models.CharField(_("approach"), max_length=30)
    format = models.CharField(
        _("individual or group"), max_length=12, choices=SessionFormat.choices
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-recorded_at"]
        indexes = [models.Index(fields=["clinician", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.format} session {self.held_on}"


class SessionParticipation(models.Model):
    id = uuid_pk()
    session = models.ForeignKey(
        TherapySession, on_delete=models.CASCADE, related_name="participations"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="session_participations"
    )
    attendance = models.CharField(_("attendance"), max_length=16, choices=Attendance.choices)
    # Copied from the session so a survivor's timeline and "last session" read one table.
    held_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(fields=["session", "case"], name="one_participation_each")
        ]
        indexes = [models.Index(fields=["case", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.attendance} {self.held_on}"


class ClinicalNote(SignedNote):
    """Read by clinicians on the case only (not advocates, supervisors or administrators);
    changed before signing by its author alone."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="clinical_notes")
    session = models.ForeignKey(
        SessionParticipation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"clinical note {self.pk}"


class ClinicalNoteAddendum(Addendum):
    note = models.ForeignKey(ClinicalNote, on_delete=models.CASCADE, related_name="addenda")


class PsychotherapyNote(SignedNote):
    """Kept apart from the record (HIPAA §164.501): read by its author alone. No selector but
    the author's reaches it; it is on no timeline, export, referral or report."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["author", "case"])]

    def __str__(self) -> str:
        return f"psychotherapy note {self.pk}"


class PsychotherapyNoteAddendum(Addendum):
    note = models.ForeignKey(PsychotherapyNote, on_delete=models.CASCADE, related_name="addenda")


class MeasureAdministration(models.Model):
    """One completed (or stopped) questionnaire. Answers encrypted; the rest computed."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="measure_administrations"
    )
    instrument = models.CharField(_("measure"), max_length=10, choices=InstrumentCode.choices)
    administered_on = models.DateField(_("date"))
    answers = EncryptedJSONField(_("answers"))
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    prorated = models.BooleanField(default=False)
    band = models.CharField(max_length=30, blank=True)
    answered = models.PositiveSmallIntegerField(default=0)
    declined_items = models.PositiveSmallIntegerField(default=0)
    missing_items = models.PositiveSmallIntegerField(default=0)
    clusters = models.JSONField(default=dict, blank=True)
    provisional_ptsd = models.BooleanField(null=True, blank=True)  # PCL-5 cut-point
    provisional_ptsd_by_symptom_rule = models.BooleanField(null=True, blank=True)
    change_points = models.SmallIntegerField(null=True, blank=True)  # from the previous total
    meaningful_change = models.BooleanField(default=False)
    change_direction = models.CharField(max_length=10, blank=True)
    safety_follow_up = models.BooleanField(default=False)
    session = models.ForeignKey(
        SessionParticipation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["administered_on", "recorded_at"]
        indexes = [models.Index(fields=["case", "instrument", "administered_on"])]

    def __str__(self) -> str:
        return f"{self.instrument} {self.administered_on}"
