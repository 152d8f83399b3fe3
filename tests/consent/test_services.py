"""Recording consent: every rule, and every piece of bad input answered with a specific
message and nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from consent import services
from consent.choices import (
    ConsentMethod,
    Purpose,
    RecipientClass,
    Relationship,
    ReleaseStatus,
    RevocationMethod,
    Signer,
)
from consent.models import Disclosure, Person, Release, Restriction, Revocation, StopUsingNotice
from consent.recipients import Recipient
from consent.revocation import revocation_hook_register, revocation_hook_unregister
from organization.models import Program
from tests.consent.conftest import PDF, grant, pdf

pytestmark = pytest.mark.django_db


def _nothing_written(before_releases: int = 0) -> None:
    assert Release.objects.count() == before_releases


def _message(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


def test_a_release_is_recorded_audited_and_on_the_timeline(advocate, case, agency):
    release = grant(advocate, case, Recipient.organization(agency.pk), notes="Housing first")
    assert release.status == ReleaseStatus.ACTIVE
    assert release.expires_on == timezone.localdate() + datetime.timedelta(days=90)
    event = AuditEvent.objects.get(target_id=release.pk)
    assert event.action == "consent_change"
    assert "Housing" not in str(event.fields)


def test_granting_and_revoking_show_on_the_case_page(advocate, case, agency, client_for):
    from django.urls import reverse

    release = grant(advocate, case, Recipient.organization(agency.pk))
    services.release_revoke(actor=advocate, release=release, method=RevocationMethod.PHONE)
    services.restriction_add(
        actor=advocate, case=case, recipient=Recipient.of_class(RecipientClass.LAW_ENFORCEMENT)
    )
    page = client_for(advocate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Release of information to Harbor Housing recorded" in page
    assert "Release of information to Harbor Housing revoked" in page
    assert "never share with Law enforcement" in page


@pytest.mark.parametrize(
    ("governed", "status"),
    [(True, ReleaseStatus.AWAITING_WRITING), (False, ReleaseStatus.PENDING_CONFIRMATION)],
)
def test_verbal_release_awaits_confirmation_then_is_confirmed(
    advocate, case, agency, governed, status
):
    Program.objects.filter(pk=case.program_id).update(governed_by_vawa_fvpsa=governed)
    release = grant(advocate, case, Recipient.organization(agency.pk), method=ConsentMethod.VERBAL)
    release.case.program.refresh_from_db()
    assert release.status == status
    assert release.confirm_by == timezone.localdate() + datetime.timedelta(days=14)
    release = services.release_confirm_in_writing(actor=advocate, release=release, document=pdf())
    assert release.status == ReleaseStatus.ACTIVE
    assert release.document_content_type == "application/pdf"
    with pytest.raises(ValidationError, match="already confirmed"):
        services.release_confirm_in_writing(actor=advocate, release=release)


def test_verbal_release_not_confirmed_in_time_lapses(advocate, case, agency):
    release = grant(
        advocate,
        case,
        Recipient.organization(agency.pk),
        method=ConsentMethod.VERBAL,
        signed_on=timezone.localdate() - datetime.timedelta(days=20),
    )
    assert release.status == ReleaseStatus.CONFIRMATION_OVERDUE


# Bad input: a specific message, nothing written -----------------------------------------------


def test_expiry_before_start(advocate, case, agency):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        grant(
            advocate,
            case,
            Recipient.organization(agency.pk),
            expires_on=today - datetime.timedelta(days=1),
        )
    assert "expire after it starts" in _message(error.value, "expires_on")
    _nothing_written()


def test_expiry_beyond_the_maximum(advocate, case, agency, settings):
    settings.CONSENT_MAX_DAYS = 30
    with pytest.raises(ValidationError) as error:
        grant(
            advocate,
            case,
            Recipient.organization(agency.pk),
            expires_on=timezone.localdate() + datetime.timedelta(days=31),
        )
    assert "at most 30 days" in _message(error.value, "expires_on")
    _nothing_written()


def test_recipient_that_does_not_exist(advocate, case):
    import uuid

    with pytest.raises(ValidationError) as error:
        grant(advocate, case, Recipient.organization(uuid.uuid4()))
    assert "from the directory" in _message(error.value, "recipient_organization")
    with pytest.raises(ValidationError) as error:
        grant(advocate, case, Recipient.person(uuid.uuid4()))
    assert "recorded on this case" in _message(error.value, "recipient_person")
    with pytest.raises(ValidationError) as error:
        services.recipient_from(kind="organization", organization="not-a-uuid")
    assert "recipient_organization" in error.value.message_dict
    _nothing_written()


def test_another_cases_person_is_not_a_recipient(advocate, case, program):
    from cases import services as case_services

    elsewhere = case_services.case_open(
        actor=advocate, program=program, identity=case_services.Identity(preferred_name="O")
    )
    other = services.person_add(
        actor=advocate, case=elsewhere, relationship=Relationship.FAMILY, name="Someone Else"
    )
    with pytest.raises(ValidationError):
        grant(advocate, case, Recipient.person(other.pk))
    _nothing_written()


@pytest.mark.parametrize(
    ("categories", "expected"),
    [
        (["everything"], "never covers everything"),
        (["identity", "finances"], "“finances” is not a category"),
        ([], "never covers everything"),
        (["psychotherapy_notes"], "Psychotherapy notes"),
    ],
)
def test_category_not_in_the_list(advocate, case, agency, categories, expected):
    with pytest.raises(ValidationError) as error:
        grant(advocate, case, Recipient.organization(agency.pk), categories=categories)
    assert expected in _message(error.value, "categories")
    _nothing_written()


@pytest.mark.parametrize(
    ("purposes", "field", "expected"),
    [
        (["marketing"], "purposes", "not a purpose from the list"),
        ([], "purposes", "at least one purpose"),
        (["other"], "purpose_other", "Describe the other purpose"),
        (["law_enforcement"], "purposes", "release of its own"),
    ],
)
def test_purpose_not_in_the_list(advocate, case, agency, purposes, field, expected):
    with pytest.raises(ValidationError) as error:
        grant(advocate, case, Recipient.organization(agency.pk), purposes=purposes)
    assert expected in _message(error.value, field)
    _nothing_written()


def test_law_enforcement_needs_a_release_of_its_own(advocate, case):
    police = Recipient.of_class(RecipientClass.LAW_ENFORCEMENT)
    with pytest.raises(ValidationError) as error:
        grant(advocate, case, police, purposes=[Purpose.LAW_ENFORCEMENT, Purpose.REFERRAL])
    assert "law enforcement alone" in _message(error.value, "purposes")
    _nothing_written()
    release = grant(advocate, case, police, purposes=[Purpose.LAW_ENFORCEMENT])
    assert release.recipient.is_law_enforcement


def test_trafficker_as_recipient(advocate, case, trafficker):
    with pytest.raises(ValidationError) as error:
        grant(advocate, case, Recipient.person(trafficker.pk))
    assert "trafficker or as unsafe" in _message(error.value, "recipient_person")
    _nothing_written()


def test_unsafe_guardian_or_trafficker_as_signer(advocate, minor_case, settings):
    settings.CONSENT_MINOR_SIGNER = "guardian"
    trafficker = services.person_add(
        actor=advocate, case=minor_case, relationship=Relationship.TRAFFICKER, name="T"
    )
    unsafe_parent = services.person_add(
        actor=advocate,
        case=minor_case,
        relationship=Relationship.PARENT_OR_GUARDIAN,
        name="P",
        unsafe=True,
    )
    for signer in (trafficker, unsafe_parent):
        with pytest.raises(ValidationError) as error:
            grant(
                advocate,
                minor_case,
                Recipient.of_class(RecipientClass.MEDICAL_PROVIDER),
                signer=Signer.GUARDIAN,
                guardian=signer,
            )
        assert "never sign" in _message(error.value, "guardian")
    _nothing_written()


@pytest.mark.parametrize(
    ("setting", "signer", "ok"),
    [
        ("guardian", Signer.SURVIVOR, False),
        ("guardian", Signer.GUARDIAN, True),
        ("minor", Signer.GUARDIAN, False),
        ("minor", Signer.SURVIVOR, True),
        ("both", Signer.GUARDIAN, False),
        ("both", Signer.SURVIVOR, False),
        ("both", Signer.BOTH, True),
    ],
)
def test_minors_release_needs_the_required_signer(
    advocate, minor_case, settings, setting, signer, ok
):
    settings.CONSENT_MINOR_SIGNER = setting
    mother = services.person_add(
        actor=advocate, case=minor_case, relationship=Relationship.PARENT_OR_GUARDIAN, name="M"
    )
    guardian = mother if signer != Signer.SURVIVOR else None
    recipient = Recipient.of_class(RecipientClass.MEDICAL_PROVIDER)
    if ok:
        assert grant(advocate, minor_case, recipient, signer=signer, guardian=guardian)
        return
    with pytest.raises(ValidationError) as error:
        grant(advocate, minor_case, recipient, signer=signer, guardian=guardian)
    assert "For a minor, this organization requires" in _message(error.value, "signer")
    _nothing_written()


def test_minor_consenting_alone_only_where_the_setting_allows(advocate, minor_case, settings):
    recipient = Recipient.of_class(RecipientClass.MEDICAL_PROVIDER)
    settings.CONSENT_MINOR_MAY_CONSENT_ALONE = False
    with pytest.raises(ValidationError) as error:
        grant(advocate, minor_case, recipient, minor_consents_alone=True)
    assert "alone" in _message(error.value, "minor_consents_alone")
    _nothing_written()
    settings.CONSENT_MINOR_MAY_CONSENT_ALONE = True
    assert grant(advocate, minor_case, recipient, minor_consents_alone=True)


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"MZ\x90\x00 an executable", "release.pdf", "PDF or an image"),
        (b"<html>not a pdf</html>", "release.pdf", "PDF or an image"),
        (b"", "release.pdf", "empty"),
    ],
)
def test_document_not_a_pdf_or_image(advocate, case, agency, content, name, expected):
    with pytest.raises(ValidationError) as error:
        grant(advocate, case, Recipient.organization(agency.pk), document=pdf(name, content))
    assert expected in _message(error.value, "document")
    _nothing_written()


def test_document_too_large(advocate, case, agency, settings):
    settings.CONSENT_DOCUMENT_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        grant(advocate, case, Recipient.organization(agency.pk), document=pdf(content=big))
    assert "too large" in _message(error.value, "document")
    _nothing_written()


def test_image_document_is_accepted_and_sealed(advocate, case, agency):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    release = grant(
        advocate, case, Recipient.organization(agency.pk), document=pdf("scan.png", png)
    )
    assert release.document_content_type == "image/png"
    assert release.document_name.endswith(".sealed")


def test_revoking_twice(advocate, release):
    services.release_revoke(actor=advocate, release=release, method=RevocationMethod.PHONE)
    with pytest.raises(ValidationError, match="already revoked"):
        services.release_revoke(actor=advocate, release=release, method=RevocationMethod.PHONE)
    assert Revocation.objects.count() == 1
    release.refresh_from_db()
    assert Release.objects.get(pk=release.pk).status == ReleaseStatus.REVOKED


def test_revocation_method_must_be_from_the_list(advocate, release):
    with pytest.raises(ValidationError) as error:
        services.release_revoke(actor=advocate, release=release, method="carrier pigeon")
    assert "method" in error.value.message_dict
    assert not Revocation.objects.exists()


# Revocation effects ---------------------------------------------------------------------------


def test_revocation_notifies_hooks_on_commit_and_lists_stop_using_notices(
    advocate, case, agency, release, django_capture_on_commit_callbacks
):
    disclosure = Disclosure.objects.create(
        case=case,
        recipient_kind="organization",
        recipient_organization=agency,
        categories=["identity"],
        purpose="referral",
        channel="test",
        recorded_by=advocate,
    )
    disclosure.releases.add(release)
    told = []
    hook = revocation_hook_register(lambda release_id: told.append(release_id))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.release_revoke(
                actor=advocate, release=release, method=RevocationMethod.IN_PERSON
            )
    finally:
        revocation_hook_unregister(hook)
    assert told == [release.pk]
    notice = StopUsingNotice.objects.get(release=release)
    assert notice.recipient == Recipient.organization(agency.pk)
    services.stop_using_notice_mark_sent(actor=advocate, notice=notice)
    with pytest.raises(ValidationError):
        services.stop_using_notice_mark_sent(actor=advocate, notice=notice)


# People and restrictions ----------------------------------------------------------------------


def test_people_names_are_required_and_relationships_from_the_list(advocate, case):
    with pytest.raises(ValidationError) as error:
        services.person_add(actor=advocate, case=case, relationship="boss", name="X")
    assert "relationship" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.person_add(actor=advocate, case=case, relationship="family", name="  ")
    assert "name" in error.value.message_dict
    assert not Person.objects.exists()


def test_person_update_checks_version(advocate, case):
    from alongside.concurrency import EditConflict

    person = services.person_add(
        actor=advocate, case=case, relationship=Relationship.FAMILY, name="Aunt"
    )
    person = services.person_update(actor=advocate, person=person, version=1, unsafe=True)
    assert person.keep_away and person.version == 2
    with pytest.raises(EditConflict):
        services.person_update(actor=advocate, person=person, version=1, name="Changed")


def test_restriction_may_name_a_trafficker_and_is_removed_once(advocate, case, trafficker):
    restriction = services.restriction_add(
        actor=advocate, case=case, recipient=Recipient.person(trafficker.pk)
    )
    assert restriction.categories == []
    services.restriction_remove(actor=advocate, restriction=restriction)
    with pytest.raises(ValidationError, match="already removed"):
        services.restriction_remove(actor=advocate, restriction=restriction)


def test_restriction_categories_from_the_list(advocate, case, agency):
    with pytest.raises(ValidationError) as error:
        services.restriction_add(
            actor=advocate,
            case=case,
            recipient=Recipient.organization(agency.pk),
            categories=["everything"],
        )
    assert "categories" in error.value.message_dict
    assert not Restriction.objects.exists()
