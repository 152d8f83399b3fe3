"""Shapes of the referrals API. Serializers check shape only; ``referrals.services`` checks the
rules (a service taking referrals, what the survivor consented to, the state table).

The receiver's shapes carry no case at all: not its id, not a name. The survivor appears only
in the packet, read through its own operation (audited)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alongside.api import (
    DecryptedTextField,
    ErrorSerializer,
    RecordedChoiceField,
    text_field,
)
from consent.api.serializers import (
    OfferedCategoryField,
    PacketFieldSerializer,
    PacketSectionSerializer,
)
from consent.choices import DataCategory, Purpose
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Side, Urgency
from referrals.models import ReceivedReferral, Referral, ReferralStep
from referrals.transitions import allowed_steps


def _categories(*, offered: bool = False, **kwargs) -> serializers.ListField:
    choices = () if offered else (DataCategory.choices,)
    return serializers.ListField(
        child=(OfferedCategoryField if offered else serializers.ChoiceField)(
            *choices,
            error_messages={
                "invalid_choice": _(
                    "“{input}” is not a category of information; choose from the list."
                )
            },
        ),
        max_length=len(DataCategory.values),
        **kwargs,
    )


class TargetSerializer(serializers.Serializer):
    """Where a referral goes: a partner's service at its organization, or one of our programs."""

    service = serializers.UUIDField(source="service_id", allow_null=True, read_only=True)
    service_name = serializers.SerializerMethodField()
    organization = serializers.UUIDField(source="organization_id", allow_null=True, read_only=True)
    organization_name = serializers.SerializerMethodField()
    program = serializers.UUIDField(source="program_id", allow_null=True, read_only=True)
    program_name = serializers.SerializerMethodField()

    def get_service_name(self, referral) -> str:
        return referral.service.name if referral.service_id else ""

    def get_organization_name(self, referral) -> str:
        return referral.organization.name if referral.organization_id else ""

    def get_program_name(self, referral) -> str:
        return referral.program.name if referral.program_id else ""


class _Row(TargetSerializer, serializers.ModelSerializer):
    purpose = serializers.ChoiceField(Purpose.choices, read_only=True)
    urgency = serializers.ChoiceField(Urgency.choices, read_only=True)
    status = serializers.ChoiceField(ReferralStatus.choices, read_only=True)
    decline_reason = RecordedChoiceField(DeclineReason.choices)
    outcome = RecordedChoiceField(Outcome.choices)
    allowed_steps = serializers.SerializerMethodField(
        help_text="The states you may move this referral to now, from your side."
    )

    side = Side.SENDER

    def get_allowed_steps(self, referral) -> list[str]:
        return [
            step
            for step in allowed_steps(referral.status, self.side)
            # Sending needs the packet: only the send operation does it.
            if step != ReferralStatus.SENT
        ]

    class Meta:
        model = Referral
        fields = [
            "id",
            "service",
            "service_name",
            "organization",
            "organization_name",
            "program",
            "program_name",
            "purpose",
            "urgency",
            "status",
            "sent_at",
            "received_at",
            "answered_at",
            "accepted_at",
            "ended_at",
            "decline_reason",
            "outcome",
            "acknowledge_by",
            "act_by",
            "version",
            "allowed_steps",
        ]
        read_only_fields = fields


class ReferralRowSerializer(_Row):
    """A referral in the case's list (no free text: it is read on the referral itself)."""

    categories = _categories(read_only=True)

    class Meta(_Row.Meta):
        fields = ["case", "created_at", *_Row.Meta.fields, "categories"]
        read_only_fields = fields


class StepSerializer(serializers.ModelSerializer):
    from_status = RecordedChoiceField(ReferralStatus.choices)
    to_status = serializers.ChoiceField(ReferralStatus.choices, read_only=True)
    side = serializers.ChoiceField(Side.choices, read_only=True)
    by = serializers.SerializerMethodField(help_text="Who made the step; empty for Alongside.")

    def get_by(self, step) -> str:
        return step.actor.full_name if step.actor_id else ""

    class Meta:
        model = ReferralStep
        fields = ["from_status", "to_status", "side", "at", "code", "by"]
        read_only_fields = fields


class ReferralSerializer(ReferralRowSerializer):
    """One referral, for the case's team: the note, the receiver's details, every step."""

    note = DecryptedTextField()
    answer_text = DecryptedTextField(help_text="The receiver's details of a reason or outcome.")
    steps = serializers.SerializerMethodField()

    def get_steps(self, referral) -> list[dict]:
        return StepSerializer(referral.steps.select_related("actor").order_by("at"), many=True).data

    class Meta(ReferralRowSerializer.Meta):
        fields = [*ReferralRowSerializer.Meta.fields, "note", "answer_text", "steps"]
        read_only_fields = fields


class ReferralConflictSerializer(ErrorSerializer):
    current = ReferralSerializer()


class ReferralMakeSerializer(serializers.Serializer):
    """Send a referral: to a partner's service or one of our programs, with the categories
    chosen from what the options operation permits."""

    service = serializers.UUIDField(required=False, allow_null=True)
    program = serializers.UUIDField(required=False, allow_null=True)
    purpose = serializers.ChoiceField(Purpose.choices, default=Purpose.REFERRAL)
    urgency = serializers.ChoiceField(Urgency.choices, default=Urgency.ROUTINE)
    note = text_field(help_text="For the receiver; goes with the packet.")
    categories = _categories(offered=True, allow_empty=True)


class OptionsQuerySerializer(serializers.Serializer):
    service = serializers.UUIDField(required=False)
    program = serializers.UUIDField(required=False)
    purpose = serializers.ChoiceField(Purpose.choices, default=Purpose.REFERRAL)


class DeniedSerializer(serializers.Serializer):
    category = serializers.ChoiceField(DataCategory.choices)
    label = serializers.CharField()
    why = serializers.CharField()


class OptionsSerializer(serializers.Serializer):
    """What may go now, as the packet would show it, and how the receiver may reach the
    survivor; ``refusal`` says why nothing may go (and ``release_url`` where to record a
    release)."""

    categories = _categories(read_only=True)
    denied = DeniedSerializer(many=True)
    sections = PacketSectionSerializer(many=True)
    contact_rules = PacketFieldSerializer(many=True)
    do_not_contact = serializers.BooleanField()
    refusal = serializers.CharField()
    release_url = serializers.CharField()


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class StepWriteSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(ReferralStatus.choices)
    version = serializers.IntegerField(min_value=1)
    reason = serializers.ChoiceField(
        DeclineReason.choices, required=False, allow_blank=True, help_text="Declining: why."
    )
    outcome = serializers.ChoiceField(
        Outcome.choices,
        required=False,
        allow_blank=True,
        help_text="Completing or closing: how it ended.",
    )
    text = text_field(help_text="Details; required for an “other” reason or outcome.")


# The receiving side ---------------------------------------------------------------------------


class ReceivedQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(ReferralStatus.choices, required=False)


class ReceivedRowSerializer(_Row):
    """A referral in the receiver's queue: the target, urgency, state and dates. Nothing about
    the survivor, not even the case's id."""

    side = Side.RECEIVER


class ReceivedSerializer(ReceivedRowSerializer):
    """A referral for the receiver: the frozen packet and the note, or, once the survivor
    revoked the release (or the sender withdrew it), only the notice to stop using it."""

    # Read from what ``referrals.selectors.receiver_packet`` gave (the view sets ``shown_*``).
    note = serializers.CharField(
        source="shown_note", help_text="The sender's note; empty when the packet is hidden."
    )
    sections = PacketSectionSerializer(many=True, source="shown_sections")
    contact_rules = PacketFieldSerializer(many=True, source="shown_contact_rules")
    stop_notice = serializers.CharField(
        source="shown_stop_notice", help_text="Shown instead of the packet; else empty."
    )

    class Meta(ReceivedRowSerializer.Meta):
        fields = [
            *ReceivedRowSerializer.Meta.fields,
            "note",
            "sections",
            "contact_rules",
            "stop_notice",
        ]
        read_only_fields = fields


class ReceivedConflictSerializer(ErrorSerializer):
    current = ReceivedRowSerializer()


# Referrals other agencies made to us ----------------------------------------------------------


class ReferralInSerializer(serializers.ModelSerializer):
    organization = serializers.UUIDField(source="organization_id", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    note = DecryptedTextField()

    class Meta:
        model = ReceivedReferral
        fields = ["id", "organization", "organization_name", "received_on", "note", "recorded_at"]
        read_only_fields = fields


class ReferralInWriteSerializer(serializers.Serializer):
    organization = serializers.UUIDField()
    received_on = serializers.DateField(required=False)
    note = text_field()


# Deadlines ------------------------------------------------------------------------------------


class DeadlineQuerySerializer(serializers.Serializer):
    since = serializers.DateField(help_text="The first day of referrals sent (inclusive).")
    until = serializers.DateField(help_text="The last day of referrals sent (inclusive).")


class DeadlineRowSerializer(serializers.Serializer):
    organization = serializers.UUIDField(source="organization_id")
    organization_name = serializers.CharField()
    sent = serializers.IntegerField()
    acknowledge_missed = serializers.IntegerField()
    act_missed = serializers.IntegerField()
