"""The consent pages: the grid, recording with a preview first, revoking in two clicks,
confirming, restricting, the people around the survivor, the receipt in two languages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from consent import services
from consent.choices import ConsentMethod, DataCategory, Purpose, Relationship
from consent.models import Person, Release, Restriction, Revocation, StopUsingNotice
from consent.recipients import Recipient
from directory import services as directory_services
from tests.conftest import SURVIVOR
from tests.consent.conftest import grant, pdf

pytestmark = pytest.mark.django_db


def _url(name, case, **kwargs):
    return reverse(f"consent:{name}", kwargs={"case_id": case.pk, **kwargs})


def _release_data(agency, **overrides):
    today = timezone.localdate()
    data = {
        "recipient_kind": "organization",
        "recipient_organization": str(agency.pk),
        "categories": [DataCategory.IDENTITY, DataCategory.CONTACT],
        "purposes": [Purpose.REFERRAL],
        "method": ConsentMethod.VERBAL,
        "signer": "survivor",
        "signed_on": today.isoformat(),
        "starts_on": today.isoformat(),
        "expires_on": (today + datetime.timedelta(days=90)).isoformat(),
    }
    data.update(overrides)
    return data


def _preview_then_save(client, case, data):
    preview = client.post(_url("release-new", case), {**data, "preview": "1"})
    assert preview.status_code == 200, preview.content.decode()[:2000]
    return preview, client.post(
        _url("release-new", case),
        {**data, "save": "1", "previewed": preview.context["fingerprint"]},
    )


def test_the_grid_shows_who_may_receive_what_until_when(client_for, advocate, case, release):
    response = client_for(advocate).get(_url("page", case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Harbor Housing" in body
    assert release.expires_on.strftime("%-d %b %Y") in body
    assert "never depend on signing" in body
    # What is shared comes before the explanations and everything else.
    assert body.index("Harbor Housing") < body.index("Your information, your choice")
    assert body.count("consent-cell--shared") == 2


def test_the_case_page_links_to_consent(client_for, advocate, case):
    body = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert _url("page", case) in body


def test_explanations_in_spanish(client_for, advocate, case):
    body = client_for(advocate).get(_url("page", case) + "?lang=es").content.decode()
    assert "Nuestros servicios nunca dependen de firmar" in body


def test_a_restriction_shows_as_never_in_the_grid(client_for, advocate, case, agency, release):
    services.restriction_add(
        actor=advocate,
        case=case,
        recipient=Recipient.organization(agency.pk),
        categories=[DataCategory.CONTACT],
    )
    body = client_for(advocate).get(_url("page", case)).content.decode()
    assert body.count("consent-cell--restricted") == 1
    assert body.count("consent-cell--shared") == 1


def test_preview_shows_the_packet_field_by_field_and_is_audited(client_for, advocate, case, agency):
    client = client_for(advocate)
    response = client.post(_url("release-new", case), {**_release_data(agency), "preview": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert SURVIVOR.legal_name in body  # the legal name, under identity
    assert SURVIVOR.phone in body  # the phone, under contact
    assert "Save the release" in body
    assert not Release.objects.exists()
    assert any("consent.packet_preview" in event.fields for event in AuditEvent.objects.all())


def test_save_needs_a_preview_of_the_same_terms(client_for, advocate, case, agency):
    client = client_for(advocate)
    preview = client.post(_url("release-new", case), {**_release_data(agency), "preview": "1"})
    changed = _release_data(agency, categories=[DataCategory.IDENTITY])
    response = client.post(
        _url("release-new", case),
        {**changed, "save": "1", "previewed": preview.context["fingerprint"]},
    )
    assert response.status_code == 400
    assert "changed after the preview" in response.content.decode()
    assert not Release.objects.exists()


def test_recording_a_verbal_release(client_for, advocate, case, agency):
    client = client_for(advocate)
    _preview, response = _preview_then_save(client, case, _release_data(agency))
    release = Release.objects.get()
    assert response.status_code == 302
    assert response.url == _url("release", case, release_id=release.pk)
    assert release.method == ConsentMethod.VERBAL
    assert release.confirm_by is not None
    assert release.categories == [DataCategory.IDENTITY, DataCategory.CONTACT]


def test_recording_with_a_signed_document(client_for, advocate, case, agency):
    client = client_for(advocate)
    data = _release_data(agency, method=ConsentMethod.WRITTEN)
    preview = client.post(_url("release-new", case), {**data, "preview": "1"})
    response = client.post(
        _url("release-new", case),
        {**data, "save": "1", "previewed": preview.context["fingerprint"], "document": pdf()},
    )
    assert response.status_code == 302
    assert Release.objects.get().document_content_type == "application/pdf"


def test_only_active_organizations_and_safe_people_are_offered(
    client_for, advocate, administrator, case, agency, trafficker
):
    closed = directory_services.organization_create(actor=administrator, name="Closed Shelter")
    directory_services.service_create(
        actor=administrator, organization=closed, name="Beds", status="inactive"
    )
    services.person_add(
        actor=advocate,
        case=case,
        relationship=Relationship.FAMILY,
        name="Unsafe Uncle",
        unsafe=True,
    )
    aunt = services.person_add(
        actor=advocate, case=case, relationship=Relationship.FAMILY, name="Kind Aunt"
    )
    form = client_for(advocate).get(_url("release-new", case)).context["form"]
    assert list(form.fields["recipient_organization"].queryset) == [agency]
    assert list(form.fields["recipient_person"].queryset) == [aunt]
    assert list(form.fields["guardian"].queryset) == []
    assert trafficker not in form.fields["guardian"].queryset


BAD_RELEASES = {
    "expiry before start": (
        {"expires_on": "2000-01-01"},
        "expires_on",
        "must expire after it starts",
    ),
    "expiry beyond the maximum": (
        {"expires_on": (timezone.localdate() + datetime.timedelta(days=900)).isoformat()},
        "expires_on",
        "at most",
    ),
    "a recipient that does not exist": (
        {"recipient_organization": "3f1c1b1e-0000-4000-8000-000000000000"},
        "recipient_organization",
        "Choose a partner organization from the directory.",
    ),
    "a category not in the list": (
        {"categories": ["everything"]},
        "categories",
        "is not a category from the list",
    ),
    "no category": ({"categories": []}, "categories", "Choose the categories"),
    "a purpose not in the list": ({"purposes": ["marketing"]}, "purposes", "not a purpose"),
    "law enforcement for a referral": (
        {"recipient_kind": "class", "recipient_class": "law_enforcement"},
        "purposes",
        "law enforcement alone",
    ),
    "a guardian signer without a guardian": ({"signer": "guardian"}, "guardian", "Name the"),
    "a bad date": ({"starts_on": "someday"}, "starts_on", "Enter a date"),
}


@pytest.mark.parametrize("name", sorted(BAD_RELEASES))
@pytest.mark.parametrize("button", ["preview", "save"])
def test_bad_release_gets_a_specific_message_and_writes_nothing(
    client_for, advocate, case, agency, name, button
):
    changes, field, message = BAD_RELEASES[name]
    client = client_for(advocate)
    events = AuditEvent.objects.exclude(action=AuditAction.VIEW).count()
    response = client.post(
        _url("release-new", case), {**_release_data(agency, **changes), button: "1"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert not Release.objects.exists()
    assert AuditEvent.objects.exclude(action=AuditAction.VIEW).count() == events


def test_a_trafficker_as_recipient_is_refused(client_for, advocate, case, trafficker, agency):
    response = client_for(advocate).post(
        _url("release-new", case),
        {
            **_release_data(agency, recipient_kind="person", recipient_person=str(trafficker.pk)),
            "save": "1",
        },
    )
    assert response.status_code == 400
    assert "recipient_person" in response.context["form"].errors
    assert not Release.objects.exists()


def test_a_trafficker_as_signer_is_refused(client_for, advocate, case, agency):
    guardian = services.person_add(
        actor=advocate,
        case=case,
        relationship=Relationship.PARENT_OR_GUARDIAN,
        name="Unsafe Parent",
        unsafe=True,
    )
    response = client_for(advocate).post(
        _url("release-new", case),
        {**_release_data(agency, signer="both", guardian=str(guardian.pk)), "save": "1"},
    )
    assert response.status_code == 400
    assert "guardian" in response.context["form"].errors
    assert not Release.objects.exists()


def test_a_minors_release_without_the_required_signer(client_for, advocate, minor_case, agency):
    response = client_for(advocate).post(
        _url("release-new", minor_case), {**_release_data(agency), "preview": "1"}
    )
    assert response.status_code == 400
    assert "For a minor" in " ".join(response.context["form"].errors["signer"])
    assert response.context["previews"] is None
    assert not Release.objects.exists()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (SimpleUploadedFile("x.txt", b"hello there", content_type="application/pdf"), "PDF"),
        (
            SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * 3000, content_type="application/pdf"),
            "too large",
        ),
    ],
)
def test_a_bad_document_is_refused(client_for, advocate, case, agency, settings, document, message):
    settings.CONSENT_DOCUMENT_MAX_BYTES = 2048
    client = client_for(advocate)
    data = _release_data(agency)
    preview = client.post(_url("release-new", case), {**data, "preview": "1"})
    response = client.post(
        _url("release-new", case),
        {**data, "save": "1", "previewed": preview.context["fingerprint"], "document": document},
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["document"])
    assert not Release.objects.exists()


def test_revoking_in_two_clicks(client_for, advocate, case, release, agency):
    client = client_for(advocate)
    page = client.get(_url("page", case)).content.decode()
    revoke_url = _url("release-revoke", case, release_id=release.pk)
    assert revoke_url in page  # click one
    form = client.get(revoke_url)
    assert form.status_code == 200
    response = client.post(
        revoke_url,
        {"method": "phone", "communicated_at": form.context["form"]["communicated_at"].value()},
    )  # click two
    assert response.status_code == 302
    assert Revocation.objects.filter(release=release).exists()
    detail = client.get(response.url).content.decode()
    assert "Revoked" in detail
    assert "Nothing more goes out under it" in detail


def test_revoking_shows_disclosures_and_stop_using_notices(
    client_for, advocate, case, release, agency
):
    from consent import egress
    from consent.egress import EgressRoute

    route = egress.egress_register(EgressRoute("test:packet", "print", "a test way out"))
    try:
        decision = egress.disclosure_decide(
            actor=advocate,
            case=case,
            recipient=Recipient.organization(agency.pk),
            purpose=Purpose.REFERRAL,
            route=route.name,
        )
        egress.disclosure_record(
            actor=advocate,
            case=case,
            decision=decision,
            categories=[DataCategory.IDENTITY],
            route=route.name,
        )
    finally:
        egress._routes.pop(route.name)
    client = client_for(advocate)
    client.post(
        _url("release-revoke", case, release_id=release.pk),
        {"method": "in_person", "communicated_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    body = client.get(_url("release", case, release_id=release.pk)).content.decode()
    assert "Shared under this release" in body
    assert "Stop using" in body or "stop using" in body.lower()
    notice = StopUsingNotice.objects.get()
    assert "Mark as sent" in body
    response = client.post(_url("notice-sent", case, notice_id=notice.pk))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.sent_at is not None


def test_revoking_twice_says_so_and_writes_nothing(client_for, advocate, case, release):
    services.release_revoke(actor=advocate, release=release, method="phone")
    client = client_for(advocate)
    events = AuditEvent.objects.exclude(action=AuditAction.VIEW).count()
    response = client.post(
        _url("release-revoke", case, release_id=release.pk),
        {"method": "phone", "communicated_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert "already revoked" in response.content.decode()
    assert Revocation.objects.count() == 1
    assert AuditEvent.objects.exclude(action=AuditAction.VIEW).count() == events


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"method": "carrier_pigeon"}, "method"),
        ({"method": "phone", "communicated_at": "2999-01-01T10:00"}, "communicated_at"),
        ({"method": "phone", "communicated_at": "yesterday"}, "communicated_at"),
    ],
)
def test_bad_revocation(client_for, advocate, case, release, data, field):
    response = client_for(advocate).post(_url("release-revoke", case, release_id=release.pk), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Revocation.objects.exists()


def test_confirming_a_verbal_release_in_writing(client_for, advocate, case, agency):
    release = grant(advocate, case, Recipient.organization(agency.pk), method=ConsentMethod.VERBAL)
    client = client_for(advocate)
    assert (
        _url("release-confirm", case, release_id=release.pk)
        in client.get(_url("release", case, release_id=release.pk)).content.decode()
    )
    response = client.post(
        _url("release-confirm", case, release_id=release.pk), {"document": pdf()}
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.confirmed_at is not None


def test_confirming_a_written_release_is_refused(client_for, advocate, case, release):
    response = client_for(advocate).post(_url("release-confirm", case, release_id=release.pk))
    assert response.status_code == 400
    assert "Only a verbal release" in response.content.decode()


def test_restrictions_added_and_removed(client_for, advocate, case, agency, trafficker):
    client = client_for(advocate)
    response = client.post(
        _url("restriction-new", case),
        {"recipient_kind": "person", "recipient_person": str(trafficker.pk)},
    )
    assert response.status_code == 302
    restriction = Restriction.objects.get()
    assert restriction.categories == []
    assert "Victor Keepaway" in client.get(_url("page", case)).content.decode()
    response = client.post(_url("restriction-remove", case, restriction_id=restriction.pk))
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.removed_at is not None
    again = client.post(_url("restriction-remove", case, restriction_id=restriction.pk))
    assert again.status_code == 302
    assert Restriction.objects.filter(removed_at__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"recipient_kind": "organization"}, "recipient_organization"),
        ({"recipient_kind": "class", "recipient_class": "astrologers"}, "recipient_class"),
        ({"recipient_kind": "nobody"}, "recipient_kind"),
        (
            {"recipient_kind": "class", "recipient_class": "legal_services", "categories": ["all"]},
            "categories",
        ),
    ],
)
def test_bad_restriction(client_for, advocate, case, data, field):
    response = client_for(advocate).post(_url("restriction-new", case), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Restriction.objects.exists()


def test_adding_a_person(client_for, advocate, case):
    response = client_for(advocate).post(
        _url("person-new", case),
        {"relationship": Relationship.SUPPORT_PERSON, "name": "Ana Support", "contact": "555"},
    )
    assert response.status_code == 302
    assert Person.objects.get().name == "Ana Support"


@pytest.mark.parametrize(
    "data",
    [
        {"relationship": "boss", "name": "X"},
        {"relationship": "family", "name": "  "},
        {"name": "X"},
    ],
)
def test_bad_person(client_for, advocate, case, data):
    response = client_for(advocate).post(_url("person-new", case), data)
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_receipt_in_english(client_for, advocate, case, release):
    body = (
        client_for(advocate)
        .get(_url("release-receipt", case, release_id=release.pk) + "?lang=en")
        .content.decode()
    )
    assert SURVIVOR.legal_name in body
    assert "Harbor Housing" in body
    assert "Our services do not depend on signing this" in body
    assert "may no longer be protected" in body
    assert "You can take this release back at any time" in body


def test_receipt_in_spanish(client_for, advocate, case, release):
    body = (
        client_for(advocate)
        .get(_url("release-receipt", case, release_id=release.pk) + "?lang=es")
        .content.decode()
    )
    assert 'lang="es"' in body
    assert "Nuestros servicios no dependen de que usted firme esto" in body
    assert "Puede retirar esta autorización en cualquier momento" in body
    assert "podría dejar de estar protegida" in body
    assert "Our services do not depend" not in body


def test_renewing_starts_from_the_old_terms(client_for, advocate, case, release, agency):
    response = client_for(advocate).get(_url("release-new", case) + f"?renew={release.pk}")
    form = response.context["form"]
    assert form.initial["recipient_organization"] == agency.pk
    assert form.initial["categories"] == release.categories


def test_the_consent_page_reads_in_a_fixed_number_of_queries(
    client_for, advocate, case, agency, django_assert_max_num_queries
):
    for _ in range(5):
        grant(advocate, case, Recipient.organization(agency.pk))
    client = client_for(advocate)
    client.get(_url("page", case))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(_url("page", case))
    for _ in range(10):
        grant(advocate, case, Recipient.organization(agency.pk))
    with CaptureQueriesContext(connection) as fifteen:
        client.get(_url("page", case))
    assert len(fifteen) == len(five)
