"""The HSDS pages and API, referral pauses, and partner-agency users linked to an agency."""

import io
import json
import uuid
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from directory import selectors, services
from directory.models import Organization, PartnerUser, Service, ServiceStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(administrator):
    organization = services.organization_create(actor=administrator, name="Harbor Housing")
    services.service_create(actor=administrator, organization=organization, name="Beds")
    return organization


@pytest.fixture
def beds(agency):
    return agency.services.get()


@pytest.fixture
def agency_partner(administrator, partner, agency):
    services.partner_user_link(actor=administrator, user=partner, organization=agency)
    return partner


def _organization(**values):
    return {"id": str(uuid.uuid4()), "name": "Imported", "description": "", **values}


def _file(data, name="hsds.json"):
    return SimpleUploadedFile(name, json.dumps(data).encode())


# --- the import page and the downloads ----------------------------------------------------------


def test_the_import_page_shows_what_was_created(client_for, administrator):
    response = client_for(administrator).post(
        reverse("directory:hsds-import"), {"file": _file([_organization()])}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Imported" in body and "organizations" in body
    assert Organization.objects.filter(name="Imported").exists()


def test_a_refused_import_lists_every_reason_and_writes_nothing(client_for, administrator):
    response = client_for(administrator).post(
        reverse("directory:hsds-import"),
        {"file": _file([_organization(name=""), _organization(id="nope")])},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "2 problems were found" in body
    assert "name: This field cannot be blank." in body
    assert "is not a UUID" in body
    assert not Organization.objects.exists()


def test_the_import_page_refuses_a_missing_file(client_for, administrator):
    response = client_for(administrator).post(reverse("directory:hsds-import"), {})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


@pytest.mark.parametrize(
    ("format", "content_type"), [("json", "application/json"), ("tabular", "application/zip")]
)
def test_the_downloads(client_for, administrator, agency, format, content_type):
    response = client_for(administrator).get(reverse("directory:hsds-export", args=[format]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="export", reason="HSDS export").exists()


def test_an_unknown_export_format_is_not_found(client_for, administrator):
    response = client_for(administrator).get(reverse("directory:hsds-export", args=["xml"]))
    assert response.status_code == 404


# --- the API ------------------------------------------------------------------------------------


def test_the_api_imports_and_reports(client_for, administrator):
    response = client_for(administrator).post(
        reverse("directory-api:hsds-import"), {"file": _file([_organization()])}
    )
    assert response.status_code == 200
    assert response.json()["tables"] == [
        {"table": "organizations", "created": 1, "updated": 0, "unchanged": 0}
    ]


def test_the_api_refuses_with_every_reason_by_place(client_for, administrator):
    missing = str(uuid.uuid4())
    data = [
        _organization(name=7),
        {"id": str(uuid.uuid4()), "organization_id": missing, "name": "S", "status": "active"},
    ]
    response = client_for(administrator).post(
        reverse("directory-api:hsds-import"), {"file": _file(data)}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_refused"
    assert error["fields"]["object 1"] == ["name must be text, not a number."]
    assert "names no organization" in error["fields"]["object 2"][0]
    assert not Organization.objects.exists()


def test_the_api_refuses_a_large_upload_by_its_declared_length(client_for, administrator, settings):
    settings.HSDS_IMPORT_MAX_BYTES = 1024
    response = client_for(administrator).post(
        reverse("directory-api:hsds-import"),
        {"file": SimpleUploadedFile("big.json", b" " * (200 * 1024))},
    )
    assert response.status_code == 400
    assert "too large" in response.json()["error"]["fields"]["file"][0]


def test_the_api_exports(client_for, administrator, agency):
    client = client_for(administrator)
    page = client.get(reverse("directory-api:hsds-export-json"))
    assert page.status_code == 200
    assert json.loads(page.content)["contents"][0]["name"] == "Harbor Housing"
    package = client.get(reverse("directory-api:hsds-export-tabular"))
    assert package["Content-Type"] == "application/zip"
    assert "services.csv" in zipfile.ZipFile(io.BytesIO(package.content)).namelist()


# --- referral pauses ----------------------------------------------------------------------------


def test_a_partner_pauses_and_resumes_their_own_service(client_for, agency_partner, beds):
    client = client_for(agency_partner)
    page = client.get(reverse("directory:partner-services"))
    assert page.status_code == 200
    assert "Beds" in page.content.decode() and "Pause referrals" in page.content.decode()
    response = client.post(reverse("directory:service-referrals-pause", args=[beds.pk]))
    assert response.status_code == 302
    beds.refresh_from_db()
    assert beds.referrals_paused_at is not None
    assert beds.referrals_paused_by == agency_partner
    assert not beds.accepts_referrals
    assert "Resume referrals" in client.get(reverse("directory:partner-services")).content.decode()
    client.post(reverse("directory:service-referrals-resume", args=[beds.pk]))
    beds.refresh_from_db()
    assert beds.accepts_referrals
    reasons = list(
        AuditEvent.objects.filter(target_id=beds.pk, reason__startswith="referrals").values_list(
            "reason", flat=True
        )
    )
    assert sorted(reasons) == ["referrals paused", "referrals resumed"]


def test_a_paused_service_stays_listed_for_staff_and_says_so(
    client_for, advocate, administrator, beds
):
    services.service_referrals_pause(actor=administrator, service=beds)
    listed = client_for(advocate).get(reverse("directory-api:service-list")).json()
    assert listed["results"][0]["accepts_referrals"] is False
    assert selectors.services_for(actor=advocate).get() == beds


def test_pausing_twice_changes_nothing(administrator, beds):
    services.service_referrals_pause(actor=administrator, service=beds)
    services.service_referrals_pause(actor=administrator, service=beds)
    assert AuditEvent.objects.filter(reason="referrals paused").count() == 1


def test_a_partner_of_another_agency_may_not_pause(administrator, make_user, beds):
    other = services.organization_create(actor=administrator, name="Elsewhere")
    stranger = make_user("partner")
    services.partner_user_link(actor=administrator, user=stranger, organization=other)
    with pytest.raises(PermissionDenied):
        services.service_referrals_pause(actor=stranger, service=beds)
    with pytest.raises(PermissionDenied):
        services.service_referrals_pause(actor=make_user("advocate"), service=beds)
    beds.refresh_from_db()
    assert beds.referrals_paused_at is None


def test_another_agencys_partner_does_not_find_the_service(
    client_for, administrator, make_user, beds
):
    other = services.organization_create(actor=administrator, name="Elsewhere")
    stranger = make_user("partner")
    services.partner_user_link(actor=administrator, user=stranger, organization=other)
    response = client_for(stranger).post(
        reverse("directory:service-referrals-pause", args=[beds.pk])
    )
    assert response.status_code == 404


def test_a_partner_without_an_agency_reads_why_the_page_is_empty(client_for, partner, beds):
    body = client_for(partner).get(reverse("directory:partner-services")).content.decode()
    assert "not linked to an agency" in body
    assert "Beds" not in body


def test_administrators_pause_from_the_organization_page(client_for, administrator, agency, beds):
    client = client_for(administrator)
    assert (
        "Pause referrals"
        in client.get(reverse("directory:organization", args=[agency.pk])).content.decode()
    )
    response = client.post(reverse("directory:service-referrals-pause", args=[beds.pk]))
    assert response.url == reverse("directory:organization", args=[agency.pk])
    beds.refresh_from_db()
    assert beds.referrals_paused_at is not None


def test_the_partner_page_reads_in_a_fixed_number_of_queries(
    client_for, administrator, agency_partner, agency, django_assert_num_queries
):
    client = client_for(agency_partner)
    client.get(reverse("directory:partner-services"))
    for number in range(5):
        service = services.service_create(
            actor=administrator, organization=agency, name=f"More {number}"
        )
        services.service_referrals_pause(actor=administrator, service=service)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("directory:partner-services"))
    services.service_create(actor=administrator, organization=agency, name="One more")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("directory:partner-services"))
    assert len(more) == len(few)


def test_the_service_form_offers_the_status(client_for, administrator, beds):
    client = client_for(administrator)
    body = client.get(reverse("directory:service", args=[beds.pk])).content.decode()
    assert 'name="status"' in body and "Temporarily closed" in body
    client.post(
        reverse("directory:service", args=[beds.pk]), {"name": "Beds", "status": "inactive"}
    )
    assert Service.objects.get().status == ServiceStatus.INACTIVE


# --- partner-agency users -----------------------------------------------------------------------


def test_an_administrator_links_and_unlinks_a_partner_user(
    client_for, administrator, partner, agency
):
    client = client_for(administrator)
    page = client.get(reverse("directory:organization", args=[agency.pk])).content.decode()
    assert "People of this agency who use the portal" in page and partner.email in page
    response = client.post(
        reverse("directory:partner-user-add", args=[agency.pk]), {"user": partner.pk}
    )
    assert response.status_code == 302
    assert PartnerUser.objects.get().organization == agency
    client.post(reverse("directory:partner-user-remove", args=[agency.pk, partner.pk]))
    assert not PartnerUser.objects.exists()
    actions = sorted(
        AuditEvent.objects.filter(target_type="directory.partneruser").values_list(
            "action", flat=True
        )
    )
    assert actions == ["create", "delete"]


def test_linking_again_moves_the_partner_user(administrator, partner, agency):
    other = services.organization_create(actor=administrator, name="Elsewhere")
    services.partner_user_link(actor=administrator, user=partner, organization=agency)
    services.partner_user_link(actor=administrator, user=partner, organization=other)
    assert PartnerUser.objects.get().organization == other


@pytest.mark.parametrize("role", ["advocate", "administrator", "auditor"])
def test_only_partner_accounts_are_linked(administrator, make_user, agency, role):
    with pytest.raises(ValidationError):
        services.partner_user_link(actor=administrator, user=make_user(role), organization=agency)
    assert not PartnerUser.objects.exists()


def test_only_administrators_link(make_user, partner, agency):
    with pytest.raises(PermissionDenied):
        services.partner_user_link(actor=make_user("advocate"), user=partner, organization=agency)


def test_the_page_refuses_a_non_partner_account(client_for, administrator, advocate, agency):
    client_for(administrator).post(
        reverse("directory:partner-user-add", args=[agency.pk]), {"user": advocate.pk}
    )
    assert not PartnerUser.objects.exists()
