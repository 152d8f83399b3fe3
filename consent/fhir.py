"""A release as an HL7 FHIR R4 ``Consent`` resource (validated with ``fhir.resources.R4B``).

Scope patient-privacy; category the LOINC code of a release of information; the provision
permits the recipient (actor, role IRCP) to receive (action ``disclose``) the listed data
classes for the listed purposes within the release's period; restrictions on the same
recipient follow as nested deny provisions. The patient is named by the case's pseudonymous
number, never by name.
"""

from django.utils import timezone

from consent.choices import ReleaseStatus
from consent.models import Release, Restriction

CATEGORY_SYSTEM = "https://alongside.example/fhir/CodeSystem/data-category"
PURPOSE_SYSTEM = "https://alongside.example/fhir/CodeSystem/purpose"
_PURPOSE_CODES = {
    # HL7 v3 ActReason where one fits; the project's own code otherwise.
    "referral": ("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HOPERAT"),
    "service_coordination": ("http://terminology.hl7.org/CodeSystem/v3-ActReason", "CAREMGT"),
    "legal_advocacy": (PURPOSE_SYSTEM, "legal_advocacy"),
    "law_enforcement": ("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HLEGAL"),
    "other": (PURPOSE_SYSTEM, "other"),
}
_STATUS = {
    ReleaseStatus.ACTIVE: "active",
    ReleaseStatus.PENDING_CONFIRMATION: "active",
    ReleaseStatus.NOT_STARTED: "active",
    ReleaseStatus.CONFIRMATION_OVERDUE: "inactive",
    ReleaseStatus.EXPIRED: "inactive",
    ReleaseStatus.REVOKED: "inactive",
}


def _actor_reference(holder) -> dict:
    recipient = holder.recipient
    if recipient.kind == "organization":
        reference = {"reference": f"Organization/{recipient.target}"}
    elif recipient.kind == "person":
        reference = {"reference": f"RelatedPerson/{recipient.target}"}
    else:
        reference = {"display": holder.get_recipient_class_display()}
    return {
        "role": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                    "code": "IRCP",
                }
            ]
        },
        "reference": reference,
    }


def _classes(categories) -> list[dict]:
    return [{"system": CATEGORY_SYSTEM, "code": category} for category in categories]


def release_as_fhir(release: Release, *, restrictions=()) -> dict:
    """The release (and the case's restrictions on the same recipient) as a FHIR R4 Consent."""
    signer = [{"reference": f"RelatedPerson/{release.guardian_id}"}] if release.guardian_id else []
    if release.signer in ("survivor", "both"):
        signer.insert(0, {"reference": f"Patient/{release.case_id}"})
    deny = [
        {
            "type": "deny",
            "actor": [_actor_reference(restriction)],
            **({"class": _classes(restriction.categories)} if restriction.categories else {}),
        }
        for restriction in restrictions
        if restriction.recipient == release.recipient and restriction.removed_at is None
    ]
    provision = {
        "type": "permit",
        "period": {"start": release.starts_on.isoformat(), "end": release.expires_on.isoformat()},
        "actor": [_actor_reference(release)],
        "action": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/consentaction",
                        "code": "disclose",
                    }
                ]
            }
        ],
        "purpose": [
            {"system": system, "code": code}
            for system, code in (_PURPOSE_CODES[purpose] for purpose in release.purposes)
        ],
        "class": _classes(release.categories),
    }
    if deny:
        provision["provision"] = deny
    return {
        "resourceType": "Consent",
        "id": str(release.pk),
        "status": _STATUS[release.status_on(timezone.localdate())],
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [
            {"coding": [{"system": "http://loinc.org", "code": "59284-0"}]},
        ],
        "patient": {"reference": f"Patient/{release.case_id}", "display": release.case.number},
        "dateTime": timezone.make_aware(
            timezone.datetime.combine(release.signed_on, timezone.datetime.min.time())
        ).isoformat(),
        "performer": signer,
        "policyRule": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                    "code": "OPTIN",
                }
            ]
        },
        "provision": provision,
    }


def release_fhir_validated(release: Release) -> dict:
    """The resource, checked against the R4 model (raises if it does not validate)."""
    from fhir.resources.R4B.consent import Consent

    restrictions = Restriction.objects.filter(case_id=release.case_id, removed_at__isnull=True)
    resource = release_as_fhir(release, restrictions=restrictions)
    Consent.model_validate(resource)
    return resource
