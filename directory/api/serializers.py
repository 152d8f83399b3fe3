"""Shapes of the directory API (HSDS 3.0 field names). Nothing here is about a survivor."""

from rest_framework import serializers

from directory.models import Organization, Service, ServiceStatus, TaxonomyTerm


def _optional_address(help_text: str) -> serializers.CharField:
    # Not every partner lists one: "" then, which the schema's email or URI format would refuse.
    return serializers.CharField(read_only=True, help_text=f"{help_text}; empty when not listed.")


class TaxonomyTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaxonomyTerm
        fields = ["id", "code", "name", "taxonomy"]
        read_only_fields = fields


class PartnerServiceSerializer(serializers.ModelSerializer):
    organization_id = serializers.UUIDField(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = serializers.ChoiceField(ServiceStatus.choices, read_only=True)
    taxonomy_terms = TaxonomyTermSerializer(many=True, read_only=True)
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
            "application_process",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "taxonomy_terms",
        ]
        read_only_fields = fields


class PartnerOrganizationServiceSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(ServiceStatus.choices, read_only=True)

    class Meta:
        model = Service
        fields = ["id", "name", "description", "status"]
        read_only_fields = fields


class PartnerOrganizationSerializer(serializers.ModelSerializer):
    services = PartnerOrganizationServiceSerializer(many=True, read_only=True)
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
            "services",
        ]
        read_only_fields = fields
