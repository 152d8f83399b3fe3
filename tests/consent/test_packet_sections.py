"""Every category a survivor can consent to is filled by the app that holds it; a category no
app fills is offered nowhere (release and restriction forms, the API and its schema, the
preview, the referral send page) while a release recorded before keeps naming it honestly."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services as case_services
from consent import services
from consent.api.serializers import ReleaseGrantSerializer, RestrictionAddSerializer
from consent.choices import DataCategory, Purpose
from consent.forms import ReleaseForm, RestrictionForm
from consent.models import Release
from consent.packet import (
    category_offered,
    offered_categories,
    packet_build,
    packet_section_register,
    packet_section_unregister,
    section_owners,
)
from consent.policy import disclosure_decision
from consent.recipients import Recipient
from referrals import selectors as referral_selectors
from tests.consent.conftest import grant

pytestmark = pytest.mark.django_db

# Who fills what today. A new category, or one an app starts filling, changes this table
# and, with it, what may be offered.
OWNERS = {
    DataCategory.IDENTITY: ["cases"],
    DataCategory.CONTACT: ["cases"],
    DataCategory.DEMOGRAPHICS: ["cases"],
    DataCategory.TRAFFICKING_EXPERIENCE: ["cases"],
    DataCategory.CASE_NOTES: ["cases"],
    DataCategory.CLINICAL_SUMMARY: ["clinicians"],
    DataCategory.LEGAL_IMMIGRATION: ["cases"],
    DataCategory.MEDICAL: [],
}


def test_the_table_names_every_category():
    assert set(OWNERS) == set(DataCategory.values)


@pytest.mark.parametrize("category", DataCategory.values)
def test_each_category_is_filled_by_its_app_or_offered_nowhere(category, advocate, case, agency):
    assert section_owners(category) == OWNERS[category]
    offered = bool(OWNERS[category])
    assert category_offered(category) is offered
    assert (category in offered_categories()) is offered
    if offered:
        # Filled: even for a case with almost nothing recorded, never an empty section.
        bare = case_services.case_open(
            actor=advocate,
            program=case.program,
            identity=case_services.Identity(preferred_name="Bare Minimum"),
        )
        for subject in (case, bare):
            packet = packet_build(case=subject, categories=[category])
            assert packet.categories == [category]
            fields = packet.sections[0].fields
            assert fields, f"{category} is offered but its section is empty"
            assert all(str(label).strip() and str(value).strip() for label, value in fields)
        return
    # Not filled: offered nowhere.
    form = ReleaseForm(actor=advocate, case=case)
    assert category not in dict(form.fields["categories"].choices)
    restriction_form = RestrictionForm(actor=advocate, case=case)
    assert category not in dict(restriction_form.fields["categories"].choices)
    for shape in (ReleaseGrantSerializer, RestrictionAddSerializer):
        child = shape().fields["categories"].child
        assert category not in child.choices
    with pytest.raises(ValidationError, match="Nothing of the kind"):
        grant(advocate, case, Recipient.organization(agency.pk), categories=[category])
    with pytest.raises(ValidationError, match="Nothing of the kind"):
        services.restriction_add(
            actor=advocate,
            case=case,
            recipient=Recipient.organization(agency.pk),
            categories=[category],
        )


def test_the_release_form_offers_only_filled_categories(client_for, advocate, case):
    page = client_for(advocate).get(reverse("consent:release-new", args=[case.pk]))
    body = page.content.decode()
    for category in DataCategory.values:
        assert (f'value="{category}"' in body) is category_offered(category)


def test_the_api_refuses_a_category_nothing_fills(client_for, advocate, case, agency):
    response = client_for(advocate).post(
        f"/api/v1/cases/{case.pk}/releases",
        {
            "recipient_kind": "organization",
            "recipient_organization": str(agency.pk),
            "categories": ["identity", "medical"],
            "purposes": ["referral"],
            "method": "written",
            "signer": "survivor",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "medical" in response.json()["error"]["fields"]["categories.1"][0]
    assert not Release.objects.exists()


def test_the_schema_offers_only_filled_categories(client_for, advocate):
    schema = client_for(advocate).get("/api/schema/", {"format": "json"}).json()
    enums = schema["components"]["schemas"]
    assert "medical" not in enums["OfferedDataCategoryEnum"]["enum"]
    assert set(enums["OfferedDataCategoryEnum"]["enum"]) == set(offered_categories())
    # Outputs keep the whole vocabulary: a release recorded before may name any category.
    assert "medical" in enums["DataCategoryEnum"]["enum"]


@pytest.fixture
def old_medical_release(advocate, case, agency):
    """A release recorded before the medical category stopped being offered."""
    release = grant(advocate, case, Recipient.organization(agency.pk))
    Release.objects.filter(pk=release.pk).update(categories=["identity", "contact", "medical"])
    release.refresh_from_db()
    return release


def test_a_release_naming_an_unfilled_category_says_nothing_goes_under_it(
    client_for, advocate, case, agency, old_medical_release
):
    client = client_for(advocate)
    detail = client.get(
        reverse("consent:release", args=[case.pk, old_medical_release.pk])
    ).content.decode()
    assert "Medical (nothing of this kind is recorded, so nothing goes)" in detail
    grid = client.get(reverse("consent:page", args=[case.pk])).content.decode()
    assert "Medical" in grid and "nothing recorded: goes nowhere" in grid
    assert grid.count("consent-cell--unfilled") == 1
    # The policy still says what the survivor consented to; the packet holds no empty section.
    decision = disclosure_decision(
        case=case, recipient=Recipient.organization(agency.pk), purpose=Purpose.REFERRAL
    )
    assert "medical" in decision.permitted
    assert packet_build(case=case, categories=decision.categories).categories == [
        "identity",
        "contact",
    ]


def test_the_grid_shows_no_column_for_an_unfilled_category_nobody_named(
    client_for, advocate, case, release
):
    grid = client_for(advocate).get(reverse("consent:page", args=[case.pk])).content.decode()
    assert "consent-grid__category" in grid
    assert ">Medical<" not in grid


def test_preview_and_referral_options_never_list_an_unfilled_category(
    client_for, advocate, case, agency, old_medical_release
):
    service = agency.services.get()
    options = referral_selectors.referral_options(
        actor=advocate, case=case, service=service, purpose=Purpose.REFERRAL
    )
    assert options.categories == ["identity", "contact"]
    assert "medical" not in [name for name, _label, _why in options.denied]
    preview = client_for(advocate).get(
        f"/api/v1/cases/{case.pk}/consent/preview",
        {
            "recipient_kind": "organization",
            "recipient_organization": str(agency.pk),
            "purpose": "referral",
        },
    )
    body = preview.json()
    assert "medical" not in body["permitted"] and "medical" not in body["denied"]
    assert [section["category"] for section in body["sections"]] == ["identity", "contact"]
    page = client_for(advocate).get(
        reverse("referrals:send", args=[case.pk]),
        {"to": f"service:{service.pk}", "purpose": "referral"},
    )
    assert page.status_code == 200
    assert 'value="medical"' not in page.content.decode()


def test_an_app_that_starts_filling_a_category_makes_it_offered(advocate, case):
    def medical(case):
        return [("Allergies", "None recorded yet")]

    packet_section_register(DataCategory.MEDICAL, medical, owner="tests")
    try:
        assert category_offered("medical")
        form = ReleaseForm(actor=advocate, case=case)
        assert "medical" in dict(form.fields["categories"].choices)
        packet = packet_build(case=case, categories=["medical"])
        assert packet.sections[0].fields == [("Allergies", "None recorded yet")]
    finally:
        packet_section_unregister(DataCategory.MEDICAL, medical)
    assert not category_offered("medical")


def test_psychotherapy_notes_cannot_be_registered():
    with pytest.raises(ValueError, match="not a disclosable category"):
        packet_section_register("psychotherapy_notes", lambda case: [], owner="tests")
