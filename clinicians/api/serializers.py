"""Shapes of the clinicians API. Serializers check shape only; the services check the rules."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alongside.api import (
    DecryptedTextField,
    ErrorSerializer,
    RecordedChoiceField,
    StrictCharField,
    text_field,
)
from cases.api.signed_notes import SignedNoteAddendumSerializer, SignedNoteSerializer, note_text
from clinicians.choices import (
    AssignmentEndReason,
    Attendance,
    ClinicianGender,
    LicenceType,
    Modality,
    SessionFormat,
    TrainingKind,
)
from clinicians.measures import DECLINED, InstrumentCode
from clinicians.models import (
    Assignment,
    ClinicalNote,
    ClinicalNoteAddendum,
    ClinicianProfile,
    ClinicianTraining,
    MeasureAdministration,
    MeasureSchedule,
    PsychotherapyNote,
    PsychotherapyNoteAddendum,
    SessionParticipation,
    SurvivorWishes,
)


def _choices(choices, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices.choices), required=False, max_length=20, **kwargs
    )


# Profiles ------------------------------------------------------------------------------------


class TrainingSerializer(serializers.ModelSerializer):
    modality = RecordedChoiceField(Modality.choices)

    class Meta:
        model = ClinicianTraining
        fields = ["id", "kind", "name", "modality", "completed_on", "expires_on"]
        read_only_fields = fields


class TrainingWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(TrainingKind.choices)
    name = StrictCharField(max_length=200)
    modality = serializers.ChoiceField(Modality.choices, required=False, allow_blank=True)
    completed_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True)


class ProfileSerializer(serializers.ModelSerializer):
    clinician = serializers.UUIDField(source="user_id", read_only=True)
    clinician_name = serializers.CharField(source="user.full_name", read_only=True)
    licence_type = RecordedChoiceField(LicenceType.choices)
    gender = RecordedChoiceField(ClinicianGender.choices)
    modalities = serializers.ListField(child=serializers.CharField(), read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    trainings = TrainingSerializer(many=True, read_only=True)

    class Meta:
        model = ClinicianProfile
        fields = [
            "id",
            "clinician",
            "clinician_name",
            "licence_type",
            "licence_number",
            "licence_jurisdiction",
            "licence_issued_on",
            "licence_expires_on",
            "modalities",
            "languages",
            "gender",
            "caseload_capacity",
            "accepting_new",
            "trainings",
            "version",
        ]
        read_only_fields = fields


class ProfileWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    licence_type = serializers.ChoiceField(LicenceType.choices, required=False, allow_blank=True)
    licence_number = text_field(max_length=60)
    licence_jurisdiction = text_field(max_length=80)
    licence_issued_on = serializers.DateField(required=False, allow_null=True)
    licence_expires_on = serializers.DateField(required=False, allow_null=True)
    modalities = _choices(Modality)
    languages = serializers.ListField(
        child=StrictCharField(max_length=40), required=False, max_length=20
    )
    gender = serializers.ChoiceField(ClinicianGender.choices, required=False, allow_blank=True)
    caseload_capacity = serializers.IntegerField(min_value=0, max_value=200, required=False)
    accepting_new = serializers.BooleanField(required=False)


class ClinicianListSerializer(serializers.Serializer):
    """A clinician with what they offer (empty for one who has not filled in a profile)."""

    id = serializers.UUIDField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    modalities = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    accepting_new = serializers.SerializerMethodField()

    @staticmethod
    def _profile(user):
        return getattr(user, "clinician_profile", None)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_modalities(self, user) -> list:
        profile = self._profile(user)
        return list(profile.modalities) if profile else []

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_languages(self, user) -> list:
        profile = self._profile(user)
        return list(profile.languages) if profile else []

    @extend_schema_field(serializers.BooleanField())
    def get_accepting_new(self, user) -> bool:
        profile = self._profile(user)
        return bool(profile and profile.accepting_new)


# Wishes --------------------------------------------------------------------------------------


class WishesSerializer(serializers.ModelSerializer):
    clinician_gender = RecordedChoiceField(ClinicianGender.choices)
    modalities_wanted = serializers.ListField(child=serializers.CharField(), read_only=True)
    modalities_not_wanted = serializers.ListField(child=serializers.CharField(), read_only=True)
    times = DecryptedTextField()
    in_own_words = DecryptedTextField()
    clinicians_not_to_see = serializers.SerializerMethodField()

    class Meta:
        model = SurvivorWishes
        fields = [
            "id",
            "language",
            "interpreter_ok",
            "clinician_gender",
            "modalities_wanted",
            "modalities_not_wanted",
            "times",
            "in_own_words",
            "clinicians_not_to_see",
            "updated_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_clinicians_not_to_see(self, wishes) -> list:
        return list(wishes.clinicians_not_to_see or [])


class WishesWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False)
    language = text_field(max_length=40)
    interpreter_ok = serializers.BooleanField(required=False, default=False)
    clinician_gender = serializers.ChoiceField(
        ClinicianGender.choices, required=False, allow_blank=True
    )
    modalities_wanted = _choices(Modality)
    modalities_not_wanted = _choices(Modality)
    times = text_field(max_length=2000)
    in_own_words = text_field()
    clinicians_not_to_see = serializers.ListField(
        child=serializers.UUIDField(), required=False, max_length=50
    )


# Matching ------------------------------------------------------------------------------------


class CandidateSerializer(serializers.Serializer):
    clinician = serializers.UUIDField(source="clinician.pk")
    clinician_name = serializers.CharField(source="clinician.full_name")
    rank = serializers.IntegerField(help_text="1 for the best fit; 0 when not offered.")
    points = serializers.IntegerField()
    free_places = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    unmet = serializers.ListField(child=serializers.CharField())
    blocked_by = serializers.ListField(
        child=serializers.CharField(),
        help_text="What must be overridden, with a reason, to ask for this clinician.",
    )


class MatchListSerializer(serializers.Serializer):
    offered = CandidateSerializer(many=True)
    needs_override = CandidateSerializer(many=True)
    ruled_out = serializers.IntegerField(
        help_text="How many clinicians the survivor's wishes rule out (never named)."
    )


# Assignments ---------------------------------------------------------------------------------


class ScheduleSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasureSchedule
        fields = ["instrument", "every_sessions"]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    clinician = serializers.UUIDField(source="clinician_id", read_only=True)
    clinician_name = serializers.CharField(source="clinician.full_name", read_only=True)
    requested_by = serializers.UUIDField(source="requested_by_id", read_only=True)
    decided_by = serializers.UUIDField(source="decided_by_id", read_only=True, allow_null=True)
    override_reason = DecryptedTextField()
    end_reason = RecordedChoiceField(AssignmentEndReason.choices)
    schedules = ScheduleSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "clinician",
            "clinician_name",
            "status",
            "requested_by",
            "requested_at",
            "override_reason",
            "decided_by",
            "decided_at",
            "ended_at",
            "end_reason",
            "schedules",
        ]
        read_only_fields = fields


class AssignmentRequestSerializer(serializers.Serializer):
    clinician = serializers.UUIDField()
    override_reason = text_field(max_length=2000)


class AssignmentDeclineSerializer(serializers.Serializer):
    reason = text_field(max_length=2000)


class AssignmentEndSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(AssignmentEndReason.choices)
    note = text_field(max_length=2000)


class ScheduleWriteSerializer(serializers.Serializer):
    instrument = serializers.ChoiceField(InstrumentCode.choices)
    every_sessions = serializers.IntegerField(
        min_value=1, max_value=52, allow_null=True, help_text="null removes the schedule."
    )


# Sessions ------------------------------------------------------------------------------------


class ParticipationSerializer(serializers.ModelSerializer):
    """The survivor's own participation: never anyone else's in a group."""

    session = serializers.UUIDField(source="session_id", read_only=True)
    duration_minutes = serializers.IntegerField(source="session.duration_minutes")
    modality = serializers.CharField(source="session.modality")
    format = serializers.CharField(source="session.format")
    clinician_name = serializers.CharField(source="session.clinician.full_name")

    class Meta:
        model = SessionParticipation
        fields = [
            "id",
            "session",
            "held_on",
            "attendance",
            "duration_minutes",
            "modality",
            "format",
            "clinician_name",
        ]
        read_only_fields = fields


class ParticipantWriteSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    attendance = serializers.ChoiceField(Attendance.choices)


class SessionWriteSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=480)
    modality = serializers.ChoiceField(Modality.choices)
    format = serializers.ChoiceField(SessionFormat.choices)
    participants = ParticipantWriteSerializer(many=True, min_length=1, max_length=30)


class SessionRecordedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    held_on = serializers.DateField()
    participants = serializers.IntegerField(help_text="How many survivors were recorded.")


# Notes: signed notes (cases.api.signed_notes) ----------------------------------------------


class ClinicalAddendumSerializer(SignedNoteAddendumSerializer):
    class Meta(SignedNoteAddendumSerializer.Meta):
        model = ClinicalNoteAddendum


class PsychotherapyAddendumSerializer(SignedNoteAddendumSerializer):
    class Meta(SignedNoteAddendumSerializer.Meta):
        model = PsychotherapyNoteAddendum


class ClinicalNoteSerializer(SignedNoteSerializer):
    addenda = ClinicalAddendumSerializer(many=True, read_only=True)

    class Meta(SignedNoteSerializer.Meta):
        model = ClinicalNote
        fields = [*SignedNoteSerializer.Meta.fields, "addenda"]
        read_only_fields = fields


class PsychotherapyNoteSerializer(SignedNoteSerializer):
    addenda = PsychotherapyAddendumSerializer(many=True, read_only=True)

    class Meta(SignedNoteSerializer.Meta):
        model = PsychotherapyNote
        fields = [*SignedNoteSerializer.Meta.fields, "addenda"]
        read_only_fields = fields


class ClinicalNoteWriteSerializer(serializers.Serializer):
    body = note_text()


# Measures ------------------------------------------------------------------------------------

ANSWER_SCHEMA = {
    "type": "array",
    "minItems": 7,
    "maxItems": 20,
    "description": _(
        'One answer per item, in order: a number in the item\'s range, "declined" when the '
        "survivor chose not to answer, or null when the item was not answered."
    ),
    "items": {
        "nullable": True,
        "oneOf": [
            {"type": "integer", "minimum": 0, "maximum": 4},
            {"type": "string", "enum": [DECLINED]},
        ],
    },
}


@extend_schema_field(ANSWER_SCHEMA)
class AnswersField(serializers.Field):
    """Item answers, checked item by item against the instrument by the service."""

    default_error_messages = {
        "invalid": _('Send the answers as a list of numbers, "declined" or null.'),
    }

    def to_internal_value(self, data):
        if not isinstance(data, list) or not 7 <= len(data) <= 20:
            self.fail("invalid")
        for answer in data:
            if answer is None or answer == DECLINED:
                continue
            if isinstance(answer, bool) or not isinstance(answer, int):
                self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


class MeasureSerializer(serializers.ModelSerializer):
    """Scores as the server computed them."""

    clusters = serializers.DictField(
        child=serializers.IntegerField(allow_null=True), read_only=True
    )

    class Meta:
        model = MeasureAdministration
        fields = [
            "id",
            "instrument",
            "administered_on",
            "total",
            "prorated",
            "band",
            "answered",
            "declined_items",
            "missing_items",
            "clusters",
            "provisional_ptsd",
            "provisional_ptsd_by_symptom_rule",
            "change_points",
            "meaningful_change",
            "change_direction",
            "safety_follow_up",
            "recorded_at",
        ]
        read_only_fields = fields


class MeasureDetailSerializer(MeasureSerializer):
    answers = AnswersField(read_only=True)

    class Meta(MeasureSerializer.Meta):
        fields = [*MeasureSerializer.Meta.fields, "answers"]
        read_only_fields = fields


class MeasureWriteSerializer(serializers.Serializer):
    instrument = serializers.ChoiceField(InstrumentCode.choices)
    administered_on = serializers.DateField(required=False)
    answers = AnswersField()


class ProgressPointSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="administration.pk")
    administered_on = serializers.DateField()
    total = serializers.IntegerField(allow_null=True)
    band = serializers.CharField()
    change_points = serializers.IntegerField(allow_null=True)
    meaningful_change = serializers.BooleanField()
    change_direction = serializers.CharField()


# Lists for clinicians and supervisors ---------------------------------------------------------


class LatestScoreSerializer(serializers.Serializer):
    instrument = serializers.CharField()
    total = serializers.IntegerField(allow_null=True)
    band = serializers.CharField()
    administered_on = serializers.DateField()
    trend = serializers.IntegerField(allow_null=True)
    meaningful_change = serializers.BooleanField()


class SurvivorRowSerializer(serializers.Serializer):
    case = serializers.UUIDField(source="case.pk")
    number = serializers.CharField(source="case.number")
    preferred_name = serializers.CharField(source="case.preferred_name")
    safety_flags = serializers.ListField(child=serializers.CharField(), source="case.safety_flags")
    last_session_on = serializers.DateField(allow_null=True)
    next_appointment_at = serializers.DateTimeField(allow_null=True)
    open_tasks = serializers.IntegerField()
    latest = LatestScoreSerializer(many=True)
    due = serializers.ListField(child=serializers.CharField())


class ClinicianLoadSerializer(serializers.Serializer):
    clinician = serializers.UUIDField(source="clinician.pk")
    clinician_name = serializers.CharField(source="clinician.full_name")
    load = serializers.IntegerField()
    capacity = serializers.IntegerField()
    pending = serializers.IntegerField()
    licence_expires_on = serializers.DateField(allow_null=True)
    licence_expiring = serializers.BooleanField()


class WaitingAssignmentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.UUIDField(source="case_id")
    case_number = serializers.CharField(source="case.number")
    clinician = serializers.UUIDField(source="clinician_id")
    clinician_name = serializers.CharField(source="clinician.full_name")
    requested_at = serializers.DateTimeField()


# 409 answers: the one error shape with the record as it is now ------------------------------


class ProfileConflictSerializer(ErrorSerializer):
    current = ProfileSerializer()


class WishesConflictSerializer(ErrorSerializer):
    current = WishesSerializer()


class ClinicalNoteConflictSerializer(ErrorSerializer):
    current = ClinicalNoteSerializer()


class PsychotherapyNoteConflictSerializer(ErrorSerializer):
    current = PsychotherapyNoteSerializer()
