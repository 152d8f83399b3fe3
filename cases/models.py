"""A survivor's case and everything that hangs off it.

Identity and narrative fields are ciphertext under the case's own data key (protection); only
what reports need stays plaintext: pseudonymous number, status, dates and coarse categories.
Every child model names ``encryption_owner = "case"`` so shredding the case's key makes all of
it unreadable at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from alongside.identifiers import uuid_pk
from cases.choices import (
    AgeBand,
    AppointmentOutcome,
    CaseStatus,
    CitizenshipCategory,
    CloseReason,
    ContactMethod,
    GenderIdentity,
    GoalDomain,
    GoalStatus,
    Language,
    NoteKind,
    OutreachOutcome,
    ServiceCategory,
    Stage,
    TeamRole,
    TraffickingType,
    VoicemailRule,
)
from protection.fields import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from protection.models import DataKeyOwner

User = settings.AUTH_USER_MODEL


class CaseNumberSequence(models.Model):
    """One row per year, locked while a case number is taken, so numbers never repeat."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(DataKeyOwner):
    encryption_declined_in = "declined_fields"  # a declined field's cell is sealed "declined"
    number = models.CharField(_("case number"), max_length=20, unique=True)
    program = models.ForeignKey(
        "organization.Program", on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    intake_date = models.DateField(_("intake date"), default=timezone.localdate)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Updated by the services that record contact, so the caseload and the quiet-case reminder
    # need no aggregate over a million notes.
    last_contact_at = models.DateTimeField(null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)

    # Identity: encrypted.
    legal_name = EncryptedTextField(_("legal name"), blank=True)
    preferred_name = EncryptedTextField(_("preferred name"))
    other_names = EncryptedTextField(_("other names used"), blank=True)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    safety_flags = EncryptedJSONField(_("safety flags"), default=list, blank=True)
    safety_plan = EncryptedTextField(_("safety plan"), blank=True)
    # Which identity questions the survivor preferred not to answer (field names, not values).
    declined_fields = models.JSONField(default=list, blank=True)

    # Exact-match search and duplicate detection without decrypting anything.
    legal_name_index = BlindIndexField(source="legal_name", kind="name")
    preferred_name_index = BlindIndexField(source="preferred_name", kind="name")
    date_of_birth_index = BlindIndexField(source="date_of_birth", kind="date")
    phone_index = BlindIndexField(source="phone", kind="phone")

    # Plaintext coarse categories, for reports.
    age_band = models.CharField(
        _("age band"), max_length=20, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    gender_identity = models.CharField(
        _("gender identity"), max_length=20, choices=GenderIdentity.choices, blank=True
    )
    primary_language = models.CharField(
        _("primary language"), max_length=20, choices=Language.choices, blank=True
    )
    # The language itself when it is none of the listed ones: free text, so encrypted.
    primary_language_other = EncryptedTextField(_("primary language (other)"), blank=True)
    interpreter_needed = models.BooleanField(_("interpreter needed"), null=True, blank=True)
    citizenship_category = models.CharField(
        _("citizenship"),
        max_length=20,
        choices=CitizenshipCategory.choices,
        default=CitizenshipCategory.UNKNOWN,
    )
    trafficking_type = models.CharField(
        _("type of trafficking"),
        max_length=10,
        choices=TraffickingType.choices,
        default=TraffickingType.UNKNOWN,
    )
    minor_at_intake = models.BooleanField(_("minor at intake"), default=False)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        # The pseudonymous number: safe wherever a case is named in passing.
        return self.number


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key object permissions (break-glass grants), not guardian's generic ones."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class SafeContact(models.Model):
    """How the survivor may safely be reached. Shown before every outbound action."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="safe_contact")
    calls_ok = models.BooleanField(_("calls are OK"), null=True)
    voicemail = models.CharField(
        _("voicemail"), max_length=10, choices=VoicemailRule.choices, default=VoicemailRule.NONE
    )
    texts_ok = models.BooleanField(_("texts are OK"), null=True)
    email_ok = models.BooleanField(_("email is OK"), null=True)
    safe_times = EncryptedTextField(_("safe times to reach"), blank=True)
    codeword = EncryptedTextField(_("codeword"), blank=True)
    do_not_contact = models.BooleanField(_("do not contact"), default=False)
    instructions = EncryptedTextField(_("other instructions"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"safe contact of {self.case_id}"


class MandatedReport(models.Model):
    """The mandated-report checklist of a case opened for a minor."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="mandated_report")
    report_made_to = EncryptedTextField(_("report made to"), blank=True)
    reported_at = models.DateTimeField(_("when"), null=True, blank=True)
    reported_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference = EncryptedTextField(_("reference number"), blank=True)
    survivor_informed = models.BooleanField(_("survivor informed"), default=False)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"mandated report of {self.case_id}"


class TeamMembership(models.Model):
    id = uuid_pk()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="case_memberships")
    team_role = models.CharField(_("team role"), max_length=20, choices=TeamRole.choices)
    since = models.DateField(_("since"), default=timezone.localdate)
    until = models.DateField(_("until"), null=True, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["since"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(until__isnull=True),
                name="one_open_membership_per_person",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(until__isnull=True, team_role="lead_advocate"),
                name="one_open_lead_advocate",
            ),
        ]
        indexes = [models.Index(fields=["user", "case"])]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.case_id} as {self.team_role}"


class BreakGlassGrant(models.Model):
    """Emergency access for a supervisor who is not on the team, for a limited time."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass_grants")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass_grants")
    reason = EncryptedTextField(_("reason"))
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    reviewed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "case", "expires_at"])]

    def __str__(self) -> str:
        return f"break-glass {self.user_id} on {self.case_id}"


class SignedNote(models.Model):
    """A note its author signs, after which it stays as it was signed: later words go in
    addenda. Case notes, clinical notes and psychotherapy notes are signed notes; each adds
    its ``case`` (and what else it records), and an addendum model (``Addendum``) whose
    ``note`` has ``related_name="addenda"``. Writes go through ``cases.services.signed_notes``.

    The body is bound to its table, column, row and version (``protection.fields``): a
    subclass keeps its table and these column names, or its ciphertexts stop opening.
    """

    encryption_owner = "case"

    id = uuid_pk()
    body = EncryptedTextField(_("note"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class Addendum(models.Model):
    """What is added to a signed note, which stays as it was signed. A subclass adds
    ``note = models.ForeignKey(<its note>, on_delete=models.CASCADE, related_name="addenda")``.
    An addendum has no version: its body is bound to its table, column and row."""

    encryption_owner = "note__case"

    id = uuid_pk()
    body = EncryptedTextField(_("addendum"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"addendum to {self.note_id}"


class CaseNote(SignedNote):
    """The team's record of a contact, by type and method: any case worker on the team may
    correct it until its author signs it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("type"), max_length=10, choices=NoteKind.choices)
    contact_at = models.DateTimeField(_("date and time of contact"))
    method = models.CharField(_("method"), max_length=10, choices=ContactMethod.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)

    class Meta:
        ordering = ["-contact_at"]
        indexes = [models.Index(fields=["case", "-contact_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} note {self.pk}"


class NoteAddendum(Addendum):
    """The only way to add to a signed note: the original stays as it was signed."""

    note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="addenda")


class OutreachAttempt(models.Model):
    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outreach_attempts")
    attempted_at = models.DateTimeField(_("when"))
    method = models.CharField(_("method"), max_length=10, choices=ContactMethod.choices)
    outcome = models.CharField(_("outcome"), max_length=15, choices=OutreachOutcome.choices)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-attempted_at"]

    def __str__(self) -> str:
        return f"outreach {self.pk}"


class Appointment(models.Model):
    """An appointment and what became of it. A missed one is recorded, never held against anyone."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appointments")
    scheduled_for = models.DateTimeField(_("scheduled for"))
    purpose = EncryptedTextField(_("purpose"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=AppointmentOutcome.choices)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-scheduled_for"]

    def __str__(self) -> str:
        return f"appointment {self.pk}"


class StageEvent(models.Model):
    """A stage of change, or a recurrence: an event on the timeline, never a failure."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_events")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    is_recurrence = models.BooleanField(_("recurrence"), default=False)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_recurrence=True) | ~Q(stage=""), name="stage_or_recurrence"
            )
        ]

    def __str__(self) -> str:
        return "recurrence" if self.is_recurrence else self.stage


class Goal(models.Model):
    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("area of life"), max_length=20, choices=GoalDomain.choices)
    own_words = EncryptedTextField(_("the goal, in the survivor's own words"))
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["domain", "created_at"]

    def __str__(self) -> str:
        return f"{self.domain} goal {self.pk}"


class GoalStep(models.Model):
    encryption_owner = "goal__case"

    id = uuid_pk()
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = EncryptedTextField(_("step"))
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"step {self.position} of {self.goal_id}"


class RecoveryCheckIn(models.Model):
    """Ratings 1–5 of the recovery domains (cases.choices.RecoveryDomain), charted over time."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="check_ins")
    checked_on = models.DateField(_("date"), default=timezone.localdate)
    ratings = EncryptedJSONField(_("ratings"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["checked_on", "recorded_at"]

    def __str__(self) -> str:
        return f"check-in {self.checked_on}"


class ServiceRecord(models.Model):
    """A service provided, by category and date: these feed funder reports."""

    encryption_owner = "case"

    id = uuid_pk()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    category = models.CharField(_("service"), max_length=24, choices=ServiceCategory.choices)
    provided_on = models.DateField(_("date"), default=timezone.localdate)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-provided_on"]

    def __str__(self) -> str:
        return f"{self.category} on {self.provided_on}"
