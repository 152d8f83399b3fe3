"""Shapes of the consent API. Serializers check shape only; ``consent.services`` checks the
rules (a recipient that exists, the signers a minor needs, an expiry within the maximum...)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alongside.api import DecryptedTextField, ErrorSerializer, text_field
from consent.choices import (
    ConsentMethod,
    DataCategory,
    Purpose,
    RecipientClass,
    RecipientKind,
    Relationship,
    ReleaseStatus,
    RevocationMethod,
    Signer,
)
from consent.models import Disclosure, Person, Release, Restriction, StopUsingNotice
from consent.packet import offered_choices
from consent.services import MAX_NAME


class OfferedCategoryField(serializers.ChoiceField):
    """A category a release or restriction may name: one that some app fills
    (``consent.packet``). Read when each serializer is made, after the apps registered."""

    def __init__(self, **kwargs):
        super().__init__(offered_choices(), **kwargs)


def _categories(*, offered: bool = False, **kwargs) -> serializers.ListField:
    choices = () if offered else (DataCategory.choices,)
    return serializers.ListField(
        child=(OfferedCategoryField if offered else serializers.ChoiceField)(
            *choices,
            error_messages={
                "invalid_choice": _(
                    "“{input}” is not a category of information a release can cover; choose "
                    "from the list (a release never covers everything)."
                )
            },
        ),
        max_length=len(DataCategory.values),
        **kwargs,
    )


# Recipients -----------------------------------------------------------------------------------


class RecipientInput(serializers.Serializer):
    """Who it goes to: a partner organization of the directory, a person recorded on the case,
    or a class. Only the field the kind names is read."""

    recipient_kind = serializers.ChoiceField(RecipientKind.choices)
    recipient_organization = serializers.UUIDField(
        required=False, allow_null=True, help_text="For a partner organization: its id."
    )
    recipient_person = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="For a named person: the id of a person recorded on the case.",
    )
    recipient_class = serializers.ChoiceField(
        RecipientClass.choices, required=False, allow_blank=True
    )

    def recipient_parts(self) -> dict:
        data = self.validated_data
        return {
            "kind": data["recipient_kind"],
            "organization": data.get("recipient_organization"),
            "person": data.get("recipient_person"),
            "recipient_class": data.get("recipient_class", ""),
        }


class RecipientOutput(serializers.Serializer):
    recipient_kind = serializers.ChoiceField(RecipientKind.choices, read_only=True)
    recipient_organization = serializers.UUIDField(
        source="recipient_organization_id", read_only=True, allow_null=True
    )
    recipient_person = serializers.UUIDField(
        source="recipient_person_id", read_only=True, allow_null=True
    )
    recipient_class = serializers.SerializerMethodField()
    recipient_label = serializers.SerializerMethodField(
        help_text="The recipient in words: an organization's name, a class, or a named "
        "person's relationship (never their name)."
    )

    def get_recipient_class(self, holder) -> str | None:
        return holder.recipient_class or None

    def get_recipient_label(self, holder) -> str:
        if holder.recipient_kind == RecipientKind.ORGANIZATION:
            return holder.recipient_organization.name
        if holder.recipient_kind == RecipientKind.PERSON:
            return str(Relationship(holder.recipient_person.relationship).label)
        return str(RecipientClass(holder.recipient_class).label)


# People ---------------------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    name = DecryptedTextField()
    contact = DecryptedTextField()
    note = DecryptedTextField()
    keep_away = serializers.BooleanField(
        read_only=True,
        help_text="Recorded as the trafficker or as unsafe: never a signer, never a recipient.",
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "relationship",
            "unsafe",
            "keep_away",
            "name",
            "contact",
            "note",
            "recorded_at",
            "version",
        ]
        read_only_fields = fields


class PersonWriteSerializer(serializers.Serializer):
    relationship = serializers.ChoiceField(Relationship.choices)
    name = text_field(required=True, allow_blank=False, max_length=MAX_NAME)
    contact = text_field()
    note = text_field()
    unsafe = serializers.BooleanField(required=False, default=False)


class PersonUpdateSerializer(serializers.Serializer):
    """Only the fields sent change; ``version`` is the one the client last read."""

    version = serializers.IntegerField(min_value=1)
    relationship = serializers.ChoiceField(Relationship.choices, required=False)
    name = text_field(allow_blank=False, max_length=MAX_NAME)
    contact = text_field()
    note = text_field()
    unsafe = serializers.BooleanField(required=False)


class PersonConflictSerializer(ErrorSerializer):
    current = PersonSerializer()


# Releases -------------------------------------------------------------------------------------


class DisclosureSerializer(RecipientOutput, serializers.ModelSerializer):
    categories = _categories(read_only=True)
    purpose = serializers.ChoiceField(Purpose.choices, read_only=True)

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "disclosed_at",
            "categories",
            "purpose",
            "channel",
            "recipient_kind",
            "recipient_organization",
            "recipient_person",
            "recipient_class",
            "recipient_label",
        ]
        read_only_fields = fields


class RevocationSerializer(serializers.Serializer):
    method = serializers.ChoiceField(RevocationMethod.choices, read_only=True)
    communicated_at = serializers.DateTimeField(read_only=True)
    revoked_at = serializers.DateTimeField(read_only=True)
    note = DecryptedTextField()


class StopUsingNoticeSerializer(RecipientOutput, serializers.ModelSerializer):
    class Meta:
        model = StopUsingNotice
        fields = [
            "id",
            "created_at",
            "sent_at",
            "recipient_kind",
            "recipient_organization",
            "recipient_person",
            "recipient_class",
            "recipient_label",
        ]
        read_only_fields = fields


class ReleaseSerializer(RecipientOutput, serializers.ModelSerializer):
    status = serializers.ChoiceField(
        ReleaseStatus.choices, read_only=True, help_text="Derived, today."
    )
    categories = _categories(read_only=True)
    purposes = serializers.ListField(child=serializers.ChoiceField(Purpose.choices), read_only=True)
    purpose_other = DecryptedTextField()
    notes = DecryptedTextField()
    guardian = serializers.UUIDField(source="guardian_id", read_only=True, allow_null=True)
    has_document = serializers.SerializerMethodField()
    revocation = serializers.SerializerMethodField()
    disclosures = DisclosureSerializer(many=True, read_only=True)

    class Meta:
        model = Release
        fields = [
            "id",
            "status",
            "recipient_kind",
            "recipient_organization",
            "recipient_person",
            "recipient_class",
            "recipient_label",
            "categories",
            "purposes",
            "purpose_other",
            "method",
            "signer",
            "guardian",
            "minor_consents_alone",
            "signed_on",
            "starts_on",
            "expires_on",
            "confirm_by",
            "confirmed_at",
            "notes",
            "has_document",
            "created_at",
            "version",
            "revocation",
            "disclosures",
        ]
        read_only_fields = fields

    def get_has_document(self, release) -> bool:
        return bool(release.document_name)

    @extend_schema_field(RevocationSerializer(allow_null=True))
    def get_revocation(self, release):
        revocation = release.revocation_or_none()
        return RevocationSerializer(revocation).data if revocation else None


class ReleaseGrantSerializer(RecipientInput):
    categories = _categories(
        offered=True,
        allow_empty=False,
        error_messages={
            "empty": _(
                "Choose the categories of information this release covers; it never covers "
                "everything."
            )
        },
    )
    purposes = serializers.ListField(
        child=serializers.ChoiceField(Purpose.choices),
        allow_empty=False,
        max_length=len(Purpose.values),
        error_messages={"empty": _("Choose at least one purpose.")},
    )
    purpose_other = text_field(help_text="Required when the purposes include “other”.")
    method = serializers.ChoiceField(ConsentMethod.choices)
    signer = serializers.ChoiceField(Signer.choices)
    guardian = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="The parent or guardian who signed: a person recorded on the case.",
    )
    minor_consents_alone = serializers.BooleanField(required=False, default=False)
    signed_on = serializers.DateField(required=False, allow_null=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Every release expires: the organization's default when not given.",
    )
    notes = text_field()


class ReleaseRevokeSerializer(serializers.Serializer):
    method = serializers.ChoiceField(RevocationMethod.choices)
    communicated_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Now when not given."
    )
    note = text_field()


class ReleaseRevokedSerializer(serializers.Serializer):
    """A revoked release, and the "stop using" notices for the recipients that received data."""

    release = ReleaseSerializer()
    stop_using_notices = StopUsingNoticeSerializer(many=True)


class ReleaseConfirmSerializer(serializers.Serializer):
    confirmed_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Now when not given."
    )


# Restrictions ---------------------------------------------------------------------------------


class RestrictionSerializer(RecipientOutput, serializers.ModelSerializer):
    categories = _categories(read_only=True, help_text="Empty: every category.")
    note = DecryptedTextField()

    class Meta:
        model = Restriction
        fields = [
            "id",
            "recipient_kind",
            "recipient_organization",
            "recipient_person",
            "recipient_class",
            "recipient_label",
            "categories",
            "note",
            "created_at",
            "removed_at",
        ]
        read_only_fields = fields


class RestrictionAddSerializer(RecipientInput):
    categories = _categories(
        offered=True,
        required=False,
        help_text="The categories never to share; none listed: every category.",
    )
    note = text_field()


# The grid and the preview ---------------------------------------------------------------------


class GridRowSerializer(serializers.Serializer):
    release = serializers.UUIDField(source="release.pk")
    status = serializers.ChoiceField(ReleaseStatus.choices)
    recipient = RecipientOutput(source="release")
    shared = _categories(
        source="categories", help_text="What the release covers (a restriction may still deny it)."
    )
    restricted = _categories(help_text="Covered by the release, but denied by a restriction.")
    purposes = serializers.ListField(child=serializers.ChoiceField(Purpose.choices))
    starts_on = serializers.DateField(source="release.starts_on")
    expires_on = serializers.DateField()
    disclosures = DisclosureSerializer(many=True)


class ConsentGridSerializer(serializers.Serializer):
    """Who may receive what, until when (every release, newest first, with its status today),
    what is restricted, and the "stop using" notices still to send."""

    releases = GridRowSerializer(many=True)
    restrictions = RestrictionSerializer(many=True)
    stop_using_notices_to_send = StopUsingNoticeSerializer(many=True)


class PreviewQuerySerializer(RecipientInput):
    purpose = serializers.ChoiceField(Purpose.choices)


class PacketFieldSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class PacketSectionSerializer(serializers.Serializer):
    category = serializers.ChoiceField(DataCategory.choices)
    label = serializers.CharField()
    fields = PacketFieldSerializer(many=True)


class PacketPreviewSerializer(serializers.Serializer):
    """What the recipient would receive for the purpose now, field by field, and why the rest
    may not go."""

    purpose = serializers.ChoiceField(Purpose.choices)
    permitted = serializers.DictField(
        child=serializers.ListField(child=serializers.UUIDField()),
        help_text="Category -> the releases that permit it.",
    )
    denied = serializers.DictField(
        child=serializers.CharField(), help_text="Category -> why it may not go, in words."
    )
    why_not = serializers.CharField(help_text="Why nothing may go; empty when something may.")
    sections = PacketSectionSerializer(many=True)
