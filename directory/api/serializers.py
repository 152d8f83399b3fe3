"""Shapes of the directory API (HSDS 3.0 field names). Nothing here is about a survivor."""

from rest_framework import serializers

from directory.hsds import mapping
from directory.models import (
    Frequency,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceStatus,
    TaxonomyTerm,
    Weekday,
)
from directory.schedules import describe
from directory.services import SCHEDULE_FIELDS


def _optional_address(help_text: str) -> serializers.CharField:
    # Not every partner lists one: "" then, which the schema's email or URI format would refuse.
    return serializers.CharField(read_only=True, help_text=f"{help_text}; empty when not listed.")


class TaxonomyTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaxonomyTerm
        fields = ["id", "code", "name", "taxonomy"]
        read_only_fields = fields


class PartnerPhoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phone
        fields = ["id", "number", "extension", "type", "description"]
        read_only_fields = fields


class PartnerScheduleSerializer(serializers.ModelSerializer):
    """An HSDS schedule's fields, and what they say in words (``summary``)."""

    summary = serializers.SerializerMethodField(
        help_text="The days, hours and dates the schedule gives, in words; empty if it gives none."
    )
    wkst = serializers.ChoiceField([("", ""), *Weekday.choices], read_only=True)
    freq = serializers.ChoiceField([("", ""), *Frequency.choices], read_only=True)
    schedule_link = _optional_address("A link to the schedule")
    timezone = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        read_only=True,
        help_text="The UTC offset in hours the dates and times are in.",
    )

    class Meta:
        model = Schedule
        fields = ["id", "summary", *SCHEDULE_FIELDS]
        read_only_fields = fields

    def get_summary(self, schedule) -> str:
        text = describe(schedule)
        return " · ".join(part for part in (text.when, text.valid) if part)


class PartnerServiceSerializer(serializers.ModelSerializer):
    organization_id = serializers.UUIDField(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = serializers.ChoiceField(ServiceStatus.choices, read_only=True)
    accepts_referrals = serializers.BooleanField(
        read_only=True, help_text="False while the partner has paused new referrals."
    )
    taxonomy_terms = TaxonomyTermSerializer(many=True, read_only=True)
    phones = PartnerPhoneSerializer(
        many=True, read_only=True, help_text="The service's own phones."
    )
    schedules = PartnerScheduleSerializer(many=True, read_only=True, help_text="When it is open.")
    url = _optional_address("The service's website")
    email = _optional_address("The service's email address")

    class Meta:
        model = Service
        fields = [
            "id",
            "organization_id",
            "organization_name",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "accepts_referrals",
            "application_process",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "taxonomy_terms",
            "phones",
            "schedules",
        ]
        read_only_fields = fields


class PartnerOrganizationServiceSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(ServiceStatus.choices, read_only=True)
    accepts_referrals = serializers.BooleanField(
        read_only=True, help_text="False while the partner has paused new referrals."
    )

    class Meta:
        model = Service
        fields = ["id", "name", "description", "status", "accepts_referrals"]
        read_only_fields = fields


class PartnerOrganizationSerializer(serializers.ModelSerializer):
    services = PartnerOrganizationServiceSerializer(many=True, read_only=True)
    phones = PartnerPhoneSerializer(
        many=True, read_only=True, help_text="The organization's phones."
    )
    email = _optional_address("The organization's email address")
    website = _optional_address("The organization's website")

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "phones",
            "services",
        ]
        read_only_fields = fields


class HSDSImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=(
            "HSDS 3.0 JSON (an organization, a service, or a list or page of them), or the HSDS "
            "tabular package zipped (datapackage.json and one CSV per table). HSDS 1.1 and 2.0 "
            "are refused, naming the version found."
        )
    )


class HSDSImportTableSerializer(serializers.Serializer):
    table = serializers.ChoiceField(mapping.WRITTEN, read_only=True)
    created = serializers.IntegerField(read_only=True, min_value=0)
    updated = serializers.IntegerField(read_only=True, min_value=0)
    unchanged = serializers.IntegerField(read_only=True, min_value=0)


class HSDSImportReportSerializer(serializers.Serializer):
    """What an accepted import wrote. A refused one answers 400 in the one error shape, with
    every reason in ``fields``, keyed by where it was found (``organizations.csv row 3``,
    ``object 2``, ``file``)."""

    format = serializers.ChoiceField(["json", "tabular"], read_only=True)
    tables = HSDSImportTableSerializer(many=True, read_only=True)
    notes = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="References left out, and what was read but not kept.",
    )
    not_kept = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        read_only=True,
        help_text=(
            "Read and not kept: rows of HSDS tables the directory does not keep (`funding`), "
            "and records giving a field it does not keep (`organizations.tax_id`)."
        ),
    )
