"""A release as an HL7 FHIR R4 ``Consent`` resource, written for a system that will *act* on
it (validated with ``fhir.resources.R4B``; R4's invariants and value sets are checked in
``tests/consent/test_fhir.py``).

What each part says, and why:

- ``scope`` patient-privacy; ``category`` LOINC 64292-6 "Release of information consent" (the
  code R4's consent-category value set has for exactly this; 59284-0 is consent in general).
- ``patient`` is the case, named by its pseudonymous number, never by name; ``performer`` is
  who signed (the survivor as the patient, a guardian as a related person); ``organization``
  is the custodian, the organization disclosing (``CONSENT_ORGANIZATION_NAME``).
- ``policy`` names the organization's release policy by URI (``CONSENT_POLICY_URI``), and, in
  a program governed by VAWA or FVPSA, the two statutes too. ``policyRule`` is left out: it
  takes a regulatory policy code, and R4's value set has none for these laws (OPTIN, exported
  before, is not a policy). ppc-1 asks for one of the two.
- ``provision``: one permit for the recipient (actor, role IRCP "information recipient"), the
  action ``disclose``, the purposes, the categories as ``class`` and the ``period``; each
  restriction in force on the same recipient is a nested deny (no ``class``: everything).
- ``dateTime`` and ``period`` are FHIR dates (a day, no invented time): a release is signed,
  starts and expires on days; ``period.end`` includes its whole day, as the release's expiry
  does. The revocation, which has a moment, is a dateTime with its zone.
- The product's own codes (the categories, the purposes without an HL7 code, the "other"
  purpose's description, the confirm-by day, the revocation) live under
  ``FHIR_CANONICAL_BASE``. A purpose HL7 has a code for also carries it (v3 PurposeOfUse
  COC, "coordination of care", for referral and service coordination).
- ``text`` is a generated narrative of what the resource already says — nothing more about
  the survivor — escaped as XHTML.

**A verbal release not yet confirmed in writing** must not read, to a system that caches it,
as permitting more than it does:

- its permit ``period`` ends on its confirm-by day (an extension carries that day too), so a
  consumer holding an old copy stops by itself when the verbal permission lapses; once the
  release is confirmed the export runs to the expiry;
- ``verification`` says it is not yet verified (and, once confirmed, when it was);
- where it cannot permit anything until it is confirmed — in a program governed by VAWA or
  FVPSA, or when it would start only after its confirm-by day — its ``status`` is
  ``proposed``, never ``active``.

Status, otherwise: ``active`` while in force or before it starts (the period says when),
``inactive`` once expired, revoked or not confirmed in time (R4 has no "revoked": the
revocation extension says when).
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from consent.choices import (
    ConsentMethod,
    DataCategory,
    Purpose,
    RecipientKind,
    Relationship,
    ReleaseStatus,
    Signer,
)
from consent.models import Release, Restriction
from consent.packet import NOT_FILLED_NOTE, category_offered

LOINC = "http://loinc.org"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
RELEASE_OF_INFORMATION = "64292-6"
# The statutes a VAWA/FVPSA program's releases are made under.
STATUTE_POLICIES = (
    "https://www.law.cornell.edu/uscode/text/34/12291",  # VAWA, 34 U.S.C. 12291(b)(2)
    "https://www.law.cornell.edu/uscode/text/42/10406",  # FVPSA, 42 U.S.C. 10406(c)(5)
)
# Our purposes that HL7's PurposeOfUse has a code for (R4, v3-ActReason 2018-08-12).
V3_PURPOSES = {
    Purpose.REFERRAL: ("COC", "coordination of care"),
    Purpose.SERVICE_COORDINATION: ("COC", "coordination of care"),
}

_INACTIVE = {
    ReleaseStatus.CONFIRMATION_OVERDUE,
    ReleaseStatus.EXPIRED,
    ReleaseStatus.REVOKED,
}


def canonical(kind: str, name: str) -> str:
    """A canonical URL of the product's own: ``kind`` is CodeSystem or StructureDefinition."""
    return f"{settings.FHIR_CANONICAL_BASE}/{kind}/{name}"


def data_category_system() -> str:
    return canonical("CodeSystem", "data-category")


def purpose_system() -> str:
    return canonical("CodeSystem", "purpose")


def _date(value) -> str:
    return value.isoformat()


def _moment(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def fhir_status(release: Release, status: str) -> str:
    """The R4 consent-state-code for ``release`` with our ``status`` (see the docstring)."""
    if status in _INACTIVE:
        return "inactive"
    if status == ReleaseStatus.AWAITING_WRITING:
        return "proposed"
    if release.unconfirmed_verbal and (
        release.written_only or (release.confirm_by and release.confirm_by < release.starts_on)
    ):
        return "proposed"
    return "active"


def permit_period(release: Release) -> dict:
    """From the start to the expiry; for a verbal release not yet confirmed, to its confirm-by
    day (when that is not before the start: then it is ``proposed`` and shows its terms)."""
    end = release.expires_on
    if (
        release.unconfirmed_verbal
        and release.confirm_by is not None
        and release.confirm_by >= release.starts_on
    ):
        end = min(end, release.confirm_by)
    return {"start": _date(release.starts_on), "end": _date(end)}


def _recipient_display(holder) -> str:
    if holder.recipient_kind == RecipientKind.ORGANIZATION:
        return holder.recipient_organization.name
    if holder.recipient_kind == RecipientKind.PERSON:
        # Never a person's name: their relationship to the survivor.
        return str(Relationship(holder.recipient_person.relationship).label)
    return holder.get_recipient_class_display()


def _actor(holder) -> dict:
    display = _recipient_display(holder)
    if holder.recipient_kind == RecipientKind.ORGANIZATION:
        reference = {"reference": f"Organization/{holder.recipient_organization_id}"}
    elif holder.recipient_kind == RecipientKind.PERSON:
        reference = {"reference": f"RelatedPerson/{holder.recipient_person_id}"}
    else:
        reference = {}
    return {
        "role": {
            "coding": [
                {"system": PARTICIPATION_TYPE, "code": "IRCP", "display": "information recipient"}
            ]
        },
        "reference": {**reference, "display": display},
    }


def _classes(categories) -> list[dict]:
    return [
        {"system": data_category_system(), "code": name, "display": str(DataCategory(name).label)}
        for name in categories
    ]


def _purposes(release: Release) -> list[dict]:
    codings = []
    for name in release.purposes:
        coding = {"system": purpose_system(), "code": name, "display": str(Purpose(name).label)}
        if name == Purpose.OTHER and release.purpose_other:
            coding["extension"] = [
                {
                    "url": canonical("StructureDefinition", "purpose-description"),
                    "valueString": release.purpose_other,
                }
            ]
        codings.append(coding)
    for name in release.purposes:
        if name in V3_PURPOSES:
            code, display = V3_PURPOSES[name]
            coding = {"system": ACT_REASON, "code": code, "display": display}
            if coding not in codings:
                codings.append(coding)
    return codings


def _performers(release: Release) -> list[dict]:
    performers = []
    if release.signer in (Signer.SURVIVOR, Signer.BOTH):
        performers.append({"reference": f"Patient/{release.case_id}"})
    if release.guardian_id:
        performers.append(
            {
                "reference": f"RelatedPerson/{release.guardian_id}",
                "display": str(Relationship.PARENT_OR_GUARDIAN.label),
            }
        )
    return performers


def _policies(release: Release) -> list[dict]:
    policies = [{"uri": settings.CONSENT_POLICY_URI}]
    if release.written_only:
        policies.extend({"uri": uri} for uri in STATUTE_POLICIES)
    return policies


def _verification(release: Release) -> list[dict]:
    if release.method != ConsentMethod.VERBAL:
        return []
    verification = {"verified": release.confirmed_at is not None}
    verification["verifiedWith"] = {"reference": f"Patient/{release.case_id}"}
    if release.confirmed_at is not None:
        verification["verificationDate"] = _moment(release.confirmed_at)
    return [verification]


def _extensions(release: Release, revocation) -> list[dict]:
    extensions = []
    if release.unconfirmed_verbal and release.confirm_by is not None:
        extensions.append(
            {
                "url": canonical("StructureDefinition", "confirm-in-writing-by"),
                "valueDate": _date(release.confirm_by),
            }
        )
    if revocation is not None:
        extensions.append(
            {
                "url": canonical("StructureDefinition", "revoked"),
                "valueDateTime": _moment(revocation.revoked_at),
            }
        )
    return extensions


def _labels(categories) -> str:
    return ", ".join(
        str(DataCategory(name).label)
        if category_offered(name)
        else f"{DataCategory(name).label} ({NOT_FILLED_NOTE})"
        for name in categories
    )


def _narrative(release: Release, status: str, deny: list, revocation, period: dict) -> dict:
    """The resource in words, for a person reading it: only what the resource says, every
    value escaped."""
    recipient = _recipient_display(release)
    purposes = ", ".join(str(Purpose(name).label) for name in release.purposes)
    if Purpose.OTHER in release.purposes and release.purpose_other:
        purposes += f" — {release.purpose_other}"
    lines = [
        _("Release of information (%(status)s): %(organization)s may disclose to %(recipient)s.")
        % {
            "status": status,
            "organization": settings.CONSENT_ORGANIZATION_NAME,
            "recipient": recipient,
        },
        _("Information: %(categories)s.") % {"categories": _labels(release.categories)},
        _("Purposes: %(purposes)s.") % {"purposes": purposes},
        _("From %(start)s to %(end)s; signed on %(signed)s (%(method)s).")
        % {
            "start": period["start"],
            "end": period["end"],
            "signed": _date(release.signed_on),
            "method": release.get_method_display(),
        },
    ]
    if release.unconfirmed_verbal and release.confirm_by is not None:
        if status == "proposed":
            lines.append(
                _(
                    "Given verbally: it permits nothing until it is confirmed in writing (by "
                    "%(day)s)."
                )
                % {"day": _date(release.confirm_by)}
            )
        else:
            lines.append(
                _(
                    "Given verbally: it permits disclosure only until %(day)s unless it is "
                    "confirmed in writing by then."
                )
                % {"day": _date(release.confirm_by)}
            )
    if revocation is not None:
        lines.append(
            _("Revoked by the survivor on %(moment)s: nothing more may be disclosed.")
            % {"moment": _moment(revocation.revoked_at)}
        )
    for restriction in deny:
        lines.append(
            _("Never to %(recipient)s: %(categories)s (the survivor's restriction).")
            % {
                "recipient": recipient,
                "categories": _labels(restriction.categories)
                if restriction.categories
                else _("everything"),
            }
        )
    lines.append(_("Survivor: case %(number)s.") % {"number": release.case.number})
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def _language() -> str:
    return translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE).replace(
        "_", "-"
    )


def release_as_fhir(release: Release, *, restrictions=(), today=None) -> dict:
    """The release (and the case's restrictions on the same recipient) as a FHIR R4 Consent,
    as of ``today`` (the local day by default)."""
    today = today or timezone.localdate()
    status = fhir_status(release, release.status_on(today))
    revocation = release.revocation_or_none()
    deny = [
        restriction
        for restriction in restrictions
        if restriction.recipient == release.recipient and restriction.removed_at is None
    ]
    period = permit_period(release)
    provision = {
        "type": "permit",
        "period": period,
        "actor": [_actor(release)],
        "action": [{"coding": [{"system": CONSENT_ACTION, "code": "disclose"}]}],
        "purpose": _purposes(release),
        "class": _classes(release.categories),
    }
    if deny:
        provision["provision"] = [
            {
                "type": "deny",
                "actor": [_actor(restriction)],
                **({"class": _classes(restriction.categories)} if restriction.categories else {}),
            }
            for restriction in deny
        ]
    resource = {
        "resourceType": "Consent",
        "id": str(release.pk),
        "language": _language(),
        "text": _narrative(release, status, deny, revocation, period),
        "status": status,
        "scope": {
            "coding": [
                {"system": CONSENT_SCOPE, "code": "patient-privacy", "display": "Privacy Consent"}
            ]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": LOINC,
                        "code": RELEASE_OF_INFORMATION,
                        "display": "Release of information consent",
                    }
                ]
            }
        ],
        "patient": {"reference": f"Patient/{release.case_id}", "display": release.case.number},
        "dateTime": _date(release.signed_on),
        "performer": _performers(release),
        "organization": [{"display": settings.CONSENT_ORGANIZATION_NAME}],
        "policy": _policies(release),
        "provision": provision,
    }
    extensions = _extensions(release, revocation)
    if extensions:
        resource["extension"] = extensions
    verification = _verification(release)
    if verification:
        resource["verification"] = verification
    return resource


def release_fhir_validated(release: Release) -> dict:
    """The resource, checked against the R4 model (raises if it does not validate)."""
    from fhir.resources.R4B.consent import Consent

    restrictions = Restriction.objects.filter(
        case_id=release.case_id, removed_at__isnull=True
    ).select_related("recipient_organization", "recipient_person")
    resource = release_as_fhir(release, restrictions=restrictions)
    Consent.model_validate(resource)
    return resource
