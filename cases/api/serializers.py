"""Shapes of the case API. Serializers check shape only; the services check the rules."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alongside.api import (
    DecryptedTextField,
    ErrorSerializer,
    RecordedChoiceField,
    StrictCharField,
    text_field,
)
from cases.api.signed_notes import SignedNoteAddendumSerializer, SignedNoteSerializer, note_text
from cases.choices import (
    AgeBand,
    CitizenshipCategory,
    CloseReason,
    ContactMethod,
    GenderIdentity,
    GoalDomain,
    GoalStatus,
    Language,
    NoteKind,
    RecoveryDomain,
    ServiceCategory,
    TeamRole,
    TraffickingType,
)
from cases.models import (
    Case,
    CaseNote,
    Goal,
    NoteAddendum,
    RecoveryCheckIn,
    SafeContact,
    ServiceRecord,
    TeamMembership,
)
from cases.services import IDENTITY_FIELDS, LANGUAGE_OTHER_MAX


def _decrypted(**kwargs) -> DecryptedTextField:
    return DecryptedTextField(**kwargs)


# Cases ---------------------------------------------------------------------------------------


class CaseListSerializer(serializers.ModelSerializer):
    """A caseload row: enough to recognise the person and see what is next."""

    preferred_name = _decrypted()
    safety_flags = serializers.ListField(child=serializers.CharField(), read_only=True)
    next_reminder_on = serializers.DateField(read_only=True, allow_null=True, default=None)
    next_reminder_kind = serializers.CharField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "preferred_name",
            "status",
            "safety_flags",
            "age_band",
            "minor_at_intake",
            "last_contact_at",
            "next_reminder_on",
            "next_reminder_kind",
        ]
        read_only_fields = fields

    @classmethod
    def row_fields(cls) -> list[str]:
        """The case columns a row needs (the rest are annotations): the list reads only these."""
        return [name for name in cls.Meta.fields if not name.startswith("next_reminder_")]


class SafeContactSerializer(serializers.ModelSerializer):
    safe_times = _decrypted()
    codeword = _decrypted()
    instructions = _decrypted()

    class Meta:
        model = SafeContact
        fields = [
            "calls_ok",
            "voicemail",
            "texts_ok",
            "email_ok",
            "safe_times",
            "codeword",
            "do_not_contact",
            "instructions",
        ]
        read_only_fields = fields


class CaseDetailSerializer(serializers.ModelSerializer):
    program = serializers.UUIDField(source="program_id", read_only=True)
    legal_name = _decrypted()
    preferred_name = _decrypted()
    other_names = _decrypted()
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    phone = _decrypted()
    email = _decrypted()
    address = _decrypted()
    safety_flags = serializers.ListField(child=serializers.CharField(), read_only=True)
    declined_fields = serializers.ListField(child=serializers.CharField(), read_only=True)
    safe_contact = SafeContactSerializer(read_only=True)
    close_reason = RecordedChoiceField(
        CloseReason.choices, help_text="Null while the case is open."
    )
    gender_identity = RecordedChoiceField(
        GenderIdentity.choices, help_text="Null when not recorded."
    )
    primary_language = RecordedChoiceField(
        Language.choices, help_text="ISO 639-1 code, or other; null when not recorded."
    )
    primary_language_other = _decrypted()

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "program",
            "status",
            "close_reason",
            "intake_date",
            "opened_at",
            "closed_at",
            "last_contact_at",
            "version",
            *IDENTITY_FIELDS,
            "declined_fields",
            "safety_flags",
            "safe_contact",
            "age_band",
            "gender_identity",
            "primary_language",
            "primary_language_other",
            "interpreter_needed",
            "citizenship_category",
            "trafficking_type",
            "minor_at_intake",
        ]
        read_only_fields = fields


class CaseCreatedSerializer(CaseDetailSerializer):
    """The case just opened, with what the person opening it should know."""

    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Things to act on, e.g. that the program has no supervisor yet.",
    )

    class Meta(CaseDetailSerializer.Meta):
        fields = [*CaseDetailSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class CategoriesMixin(serializers.Serializer):
    gender_identity = serializers.ChoiceField(GenderIdentity.choices, required=False)
    primary_language = serializers.ChoiceField(
        Language.choices,
        required=False,
        help_text='ISO 639-1 code; "other" with primary_language_other naming the language.',
    )
    primary_language_other = StrictCharField(
        max_length=LANGUAGE_OTHER_MAX,
        required=False,
        allow_blank=True,
        help_text='The language, when primary_language is "other" (kept encrypted).',
    )
    interpreter_needed = serializers.BooleanField(required=False, allow_null=True)
    citizenship_category = serializers.ChoiceField(CitizenshipCategory.choices, required=False)
    trafficking_type = serializers.ChoiceField(TraffickingType.choices, required=False)


class IdentityMixin(serializers.Serializer):
    legal_name = text_field()
    other_names = text_field()
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    phone = text_field()
    email = text_field()
    address = text_field()
    declined_fields = serializers.ListField(
        child=serializers.ChoiceField(IDENTITY_FIELDS), required=False
    )


class CaseCreateSerializer(IdentityMixin, CategoriesMixin):
    program = serializers.UUIDField()
    preferred_name = text_field(required=True, allow_blank=False)
    intake_date = serializers.DateField(required=False)
    age_band = serializers.ChoiceField(AgeBand.choices, required=False)
    confirm_not_duplicate = serializers.BooleanField(
        default=False,
        help_text="Send true after checking the likely duplicates the first attempt reported.",
    )


class CaseIdentityUpdateSerializer(IdentityMixin, CategoriesMixin):
    """Only the fields sent change; ``version`` is the one the client last read."""

    version = serializers.IntegerField(min_value=1)
    preferred_name = text_field(allow_blank=False)


class CaseSearchSerializer(serializers.Serializer):
    """Exact-match search. Sent in the body so that names never appear in URLs or logs."""

    name = text_field(max_length=200)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    phone = text_field(max_length=40)

    def validate(self, attrs):
        if not (attrs.get("name") or attrs.get("date_of_birth") or attrs.get("phone")):
            raise serializers.ValidationError(
                _("Give a name, a date of birth or a phone number to search for.")
            )
        return attrs


class CaseCloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        CloseReason.choices,
        error_messages={
            "required": _("Say why the case is closing."),
            "blank": _("Say why the case is closing."),
            "invalid_choice": _("Choose one of the listed reasons."),
        },
    )

    def to_internal_value(self, data):
        # An empty reason is a missing reason, not an unknown one.
        if isinstance(data, dict) and data.get("reason") in ("", None):
            raise serializers.ValidationError({"reason": [_("Say why the case is closing.")]})
        return super().to_internal_value(data)


class DuplicateCaseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()


class LikelyDuplicatesSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    visible = DuplicateCaseSerializer(many=True)


class DuplicateConflictSerializer(ErrorSerializer):
    likely_duplicates = LikelyDuplicatesSerializer()


class CaseConflictSerializer(ErrorSerializer):
    current = CaseDetailSerializer()


# Notes: signed notes (cases.api.signed_notes) with a type, a method, a time and minutes ------


class AddendumSerializer(SignedNoteAddendumSerializer):
    author_name = serializers.CharField(source="author.full_name", read_only=True)

    class Meta:
        model = NoteAddendum
        fields = ["id", "body", "author", "author_name", "created_at"]
        read_only_fields = fields


class NoteSerializer(SignedNoteSerializer):
    signed_by = serializers.UUIDField(source="signed_by_id", read_only=True, allow_null=True)
    addenda = AddendumSerializer(many=True, read_only=True)

    class Meta:
        model = CaseNote
        fields = [
            "id",
            "kind",
            "body",
            "contact_at",
            "method",
            "duration_minutes",
            "author",
            "author_name",
            "created_at",
            "updated_at",
            "version",
            "signed_at",
            "signed_by",
            "addenda",
        ]
        read_only_fields = fields


class NoteWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(NoteKind.choices)
    body = note_text()
    contact_at = serializers.DateTimeField()
    method = serializers.ChoiceField(ContactMethod.choices)
    duration_minutes = serializers.IntegerField(
        min_value=0, max_value=24 * 60, required=False, allow_null=True
    )


class NoteUpdateSerializer(serializers.Serializer):
    """Only the fields sent change; ``version`` is the one the client last read."""

    version = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(NoteKind.choices, required=False)
    body = text_field(allow_blank=False)
    contact_at = serializers.DateTimeField(required=False)
    method = serializers.ChoiceField(ContactMethod.choices, required=False)
    duration_minutes = serializers.IntegerField(
        min_value=0, max_value=24 * 60, required=False, allow_null=True
    )


class NoteConflictSerializer(ErrorSerializer):
    current = NoteSerializer()


# The team ------------------------------------------------------------------------------------


class TeamMemberSerializer(serializers.ModelSerializer):
    user = serializers.UUIDField(source="user_id", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = TeamMembership
        fields = ["id", "user", "full_name", "team_role", "since", "until"]
        read_only_fields = fields


class TeamMemberAddSerializer(serializers.Serializer):
    user = serializers.UUIDField()
    team_role = serializers.ChoiceField(TeamRole.choices)
    since = serializers.DateField(required=False)


# The recovery journey ------------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    own_words = _decrypted()
    steps = serializers.SerializerMethodField()

    class Meta:
        model = Goal
        fields = ["id", "domain", "own_words", "status", "steps", "created_at", "updated_at"]
        read_only_fields = fields

    def get_steps(self, goal: Goal) -> list[dict]:
        return [
            {"id": str(step.id), "text": step.text, "done": step.done} for step in goal.steps.all()
        ]


class GoalCreateSerializer(serializers.Serializer):
    domain = serializers.ChoiceField(GoalDomain.choices)
    own_words = text_field(
        required=True, allow_blank=False, help_text="In the survivor's own words."
    )
    steps = serializers.ListField(child=text_field(), required=False, max_length=50)


class GoalUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(GoalStatus.choices, required=False)
    own_words = text_field(allow_blank=False)


class CheckInSerializer(serializers.ModelSerializer):
    ratings = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    note = _decrypted()

    class Meta:
        model = RecoveryCheckIn
        fields = ["id", "checked_on", "ratings", "note", "recorded_at"]
        read_only_fields = fields


class CheckInCreateSerializer(serializers.Serializer):
    checked_on = serializers.DateField(required=False)
    ratings = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5, allow_null=True),
        help_text="1 to 5 for each area the survivor chose to rate: "
        + ", ".join(RecoveryDomain.values),
    )
    note = text_field()

    def validate_ratings(self, ratings: dict) -> dict:
        unknown = set(ratings) - set(RecoveryDomain.values)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown recovery area: %(names)s.") % {"names": ", ".join(sorted(unknown))}
            )
        return ratings


class ServiceSerializer(serializers.ModelSerializer):
    note = _decrypted()

    class Meta:
        model = ServiceRecord
        fields = ["id", "category", "provided_on", "note", "recorded_at"]
        read_only_fields = fields


class ServiceCreateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(ServiceCategory.choices)
    provided_on = serializers.DateField(required=False)
    note = text_field()
