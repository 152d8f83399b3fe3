"""The partner directory's HSDS import and export (pages and API), referral pauses, and the
partner-agency users an administrator links to an agency.

The framework's partner personas of two agencies act here: a user of the agency whose service
the entries pause (``partner_of_receiving_agency``) and a user of another agency.
"""

import json
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from directory import services as directory_services
from tests.factories import UserFactory
from tests.matrix.framework import Entry, everyone


def _keeper(scenario):
    if "hsds_keeper" not in scenario.extras:
        scenario.extras["hsds_keeper"] = UserFactory(role=Role.ADMINISTRATOR)
    return scenario.extras["hsds_keeper"]


def _agency(scenario, name: str = "agency"):
    """The scenario's receiving agency (or the other one) and its service: the agencies the
    framework's personas ``partner_of_receiving_agency`` and ``partner_of_other_agency`` use."""
    organization = scenario.agency() if name == "agency" else scenario.other_agency()
    return organization, organization.services.order_by("name").first()


def _scenario(context):
    return context.extras["scenario"]


def _service_kwargs(context) -> dict:
    return {"service_id": _agency(_scenario(context))[1].pk}


def _organization_kwargs(context) -> dict:
    return {"organization_id": _agency(_scenario(context))[0].pk}


def _linked_kwargs(context) -> dict:
    def make():
        user = UserFactory(role=Role.PARTNER)
        directory_services.partner_user_link(
            actor=_keeper(_scenario(context)),
            user=user,
            organization=_agency(_scenario(context))[0],
        )
        return user

    user = context.remember("linked_partner", make)
    return {**_organization_kwargs(context), "user_id": user.pk}


def _unlinked_partner(context) -> dict:
    user = context.remember("unlinked_partner", lambda: UserFactory(role=Role.PARTNER))
    return {"user": str(user.pk)}


def _hsds_upload(context) -> dict:
    organization = {"id": str(uuid.uuid4()), "name": "Imported agency", "description": ""}
    return {"file": SimpleUploadedFile("hsds.json", json.dumps([organization]).encode())}


KEEPERS = everyone(403, administrator_off_team=200, administrator_on_team=200)
KEEPERS_POST = everyone(403, administrator_off_team=302, administrator_on_team=302)
# Every partner-agency user reaches their page; one without an agency reads why it is empty.
PARTNERS = everyone(
    403, partner_agency_user=200, partner_of_receiving_agency=200, partner_of_other_agency=200
)
# Administrators, and the partner of the service's own agency; another agency's partner (or
# one with no agency) does not find the service.
PAUSERS = everyone(
    403,
    administrator_off_team=302,
    administrator_on_team=302,
    partner_agency_user=404,
    partner_of_receiving_agency=302,
    partner_of_other_agency=404,
)
API_KEEPERS = everyone(403, signed_out=401, administrator_off_team=200, administrator_on_team=200)

ENTRIES: dict[str, Entry] = {
    "directory:hsds-import": Entry(KEEPERS),
    "directory:hsds-export": Entry(KEEPERS, kwargs=lambda context: {"format": "json"}),
    "directory:partner-services": Entry(PARTNERS),
    "directory:service-referrals-pause": Entry(PAUSERS, method="post", kwargs=_service_kwargs),
    "directory:service-referrals-resume": Entry(PAUSERS, method="post", kwargs=_service_kwargs),
    "directory:partner-user-add": Entry(
        KEEPERS_POST, method="post", kwargs=_organization_kwargs, data=_unlinked_partner
    ),
    "directory:partner-user-remove": Entry(KEEPERS_POST, method="post", kwargs=_linked_kwargs),
    "directory-api:hsds-import": Entry(API_KEEPERS, method="post", data=_hsds_upload),
    "directory-api:hsds-export-json": Entry(API_KEEPERS),
    "directory-api:hsds-export-tabular": Entry(API_KEEPERS),
}
