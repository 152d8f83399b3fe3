"""The consent pages of a case and the partner directory's administrator pages."""

from accounts.roles import Role
from consent import services as consent_services
from consent.choices import ConsentMethod, DataCategory, Purpose, Signer
from consent.models import StopUsingNotice, recipient_values
from consent.recipients import Recipient
from directory import services as directory_services
from tests.factories import UserFactory
from tests.matrix.framework import Entry, case_page, everyone

KEEPERS_ONLY = everyone(403, administrator=200)


def _keeper(context):
    return context.remember("keeper", lambda: UserFactory(role=Role.ADMINISTRATOR))


def _organization(context):
    def make():
        organization = directory_services.organization_create(
            actor=_keeper(context), name="Matrix Housing"
        )
        directory_services.service_create(
            actor=_keeper(context), organization=organization, name="Beds"
        )
        return organization

    return context.remember("organization", make)


def _lead(context):
    return context.extras["scenario"].lead


def _case(context) -> dict:
    return {"case_id": context.case.pk}


def _release(context):
    def make():
        return consent_services.release_grant(
            actor=_lead(context),
            case=context.case,
            recipient=Recipient.organization(_organization(context).pk),
            categories=[DataCategory.IDENTITY],
            purposes=[Purpose.REFERRAL],
            method=ConsentMethod.VERBAL,
            signer=Signer.SURVIVOR,
        )

    return context.remember("release", make)


def _release_kwargs(context) -> dict:
    return {"case_id": context.case.pk, "release_id": _release(context).pk}


def _restriction_kwargs(context) -> dict:
    restriction = context.remember(
        "restriction",
        lambda: consent_services.restriction_add(
            actor=_lead(context),
            case=context.case,
            recipient=Recipient.of_class("law_enforcement"),
        ),
    )
    return {"case_id": context.case.pk, "restriction_id": restriction.pk}


def _notice_kwargs(context) -> dict:
    # A notice as a revocation leaves it, without going through a way out to disclose first.
    def make():
        release = _release(context)
        return StopUsingNotice.objects.create(
            case=context.case, release=release, **recipient_values(release.recipient)
        )

    return {"case_id": context.case.pk, "notice_id": context.remember("notice", make).pk}


def _organization_kwargs(context) -> dict:
    return {"organization_id": _organization(context).pk}


def _service_kwargs(context) -> dict:
    return {"service_id": _organization(context).services.get().pk}


ENTRIES: dict[str, Entry] = {
    # Whoever sees the case reads its consent; the team and the supervisor record it.
    "consent:page": Entry(case_page(200), kwargs=_case),
    "consent:release-new": Entry(case_page(200), kwargs=_case),
    "consent:release": Entry(case_page(200), kwargs=_release_kwargs),
    "consent:release-revoke": Entry(case_page(200), kwargs=_release_kwargs),
    "consent:release-confirm": Entry(case_page(200), kwargs=_release_kwargs),
    "consent:release-receipt": Entry(case_page(200), kwargs=_release_kwargs),
    "consent:notice-sent": Entry(case_page(302), method="post", kwargs=_notice_kwargs),
    "consent:restriction-new": Entry(case_page(200), kwargs=_case),
    "consent:restriction-remove": Entry(case_page(302), method="post", kwargs=_restriction_kwargs),
    "consent:person-new": Entry(case_page(200), kwargs=_case),
    # The partner directory is kept by administrators.
    "directory:organization-list": Entry(KEEPERS_ONLY),
    "directory:organization-new": Entry(KEEPERS_ONLY),
    "directory:organization": Entry(KEEPERS_ONLY, kwargs=_organization_kwargs),
    "directory:service-new": Entry(KEEPERS_ONLY, kwargs=_organization_kwargs),
    "directory:service": Entry(KEEPERS_ONLY, kwargs=_service_kwargs),
    "directory:service-status": Entry(
        everyone(403, administrator=302),
        method="post",
        kwargs=_service_kwargs,
        data={"status": "inactive"},
    ),
}
