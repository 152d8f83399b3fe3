"""What another system checks on a FHIR R4 Consent before acting on it: the invariants of R4
(4.0.1), evaluated with fhirpathpy from their published FHIRPath expressions, and the codes
against R4's value sets (the expansions as published with R4, pinned here)."""

import json
import xml.etree.ElementTree as ET

from fhirpathpy import evaluate
from fhirpathpy.models import models

from consent.choices import DataCategory, Purpose

R4 = models["r4"]


def _has_value(inputs):
    # fhirpathpy has no hasValue() (FHIR's own addition to FHIRPath): true for a single
    # primitive with a value.
    return [len(inputs) == 1 and inputs[0] is not None and not isinstance(inputs[0], dict | list)]


OPTIONS = {"userInvocationTable": {"hasValue": {"fn": _has_value, "arity": {0: []}}}}

# As published in R4 4.0.1 (Consent and DomainResource, Period), word for word. ppc-2 to ppc-5
# name the scope's system as 'something' — an error in the published text, which therefore
# never fires — so each is also checked as intended, with consentscope's real system.
SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
_PPC_SCOPE = (
    "patient.exists() or scope.coding.where(system='{system}' and code='{code}').exists().not()"
)
INVARIANTS = {
    "ppc-1": "policy.exists() or policyRule.exists()",
    "ppc-2": _PPC_SCOPE.format(system="something", code="patient-privacy"),
    "ppc-3": _PPC_SCOPE.format(system="something", code="research"),
    "ppc-4": _PPC_SCOPE.format(system="something", code="adr"),
    "ppc-5": _PPC_SCOPE.format(system="something", code="treatment"),
    "ppc-2 (intended)": _PPC_SCOPE.format(system=SCOPE_SYSTEM, code="patient-privacy"),
    "ppc-3 (intended)": _PPC_SCOPE.format(system=SCOPE_SYSTEM, code="research"),
    "ppc-4 (intended)": _PPC_SCOPE.format(system=SCOPE_SYSTEM, code="adr"),
    "ppc-5 (intended)": _PPC_SCOPE.format(system=SCOPE_SYSTEM, code="treatment"),
    "dom-6": "text.`div`.exists()",
}
# per-1 holds on every Period of the resource.
PER_1 = "start.hasValue().not() or end.hasValue().not() or (start <= end)"


def invariant_failures(resource: dict) -> list[str]:
    """The invariants ``resource`` breaks (their keys); empty when it keeps them all."""
    resource = json.loads(json.dumps(resource))  # fhirpathpy annotates what it reads
    failed = [
        key
        for key, expression in INVARIANTS.items()
        if evaluate(resource, expression, {}, R4, OPTIONS) != [True]
    ]
    periods = evaluate(resource, "descendants().ofType(Period)", {}, R4, OPTIONS)
    if evaluate(resource, f"descendants().ofType(Period).all({PER_1})", {}, R4, OPTIONS) != [True]:
        failed.append("per-1")
    assert periods, "no Period to check"
    return failed


# R4 value sets (4.0.1), as expanded there.
CONSENT_STATE = {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"}
CONSENT_SCOPE = {
    (SCOPE_SYSTEM, code) for code in ("adr", "research", "patient-privacy", "treatment")
}
LOINC = "http://loinc.org"
# consent-category: consentcategorycodes, v3 ActConsentType, and these four LOINC codes.
CONSENT_CATEGORY_LOINC = {"59284-0", "57016-8", "57017-6", "64292-6"}
PROVISION_TYPE = {"deny", "permit"}
CONSENT_ACTION = {
    ("http://terminology.hl7.org/CodeSystem/consentaction", code)
    for code in ("collect", "access", "use", "disclose", "correct")
}
# security-role-type, its v3 ParticipationType part.
SECURITY_ROLE_TYPE = {
    ("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code)
    for code in ("AUT", "CST", "INF", "IRCP", "LA", "TRC", "WIT")
}
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
# v3-PurposeOfUse: v3-ActReason codes under PurposeOfUse (2018-08-12, the version R4 uses).
PURPOSE_OF_USE = {
    *("HMARKT", "HOPERAT", "CAREMGT", "DONAT", "FRAUD", "GOV", "HACCRED", "HCOMPL", "HDECD"),
    *("HDIRECT", "HDM", "HLEGAL", "HOUTCOMS", "HPRGRP", "HQUALIMP", "HSYSADMIN", "LABELING"),
    *("METAMGT", "MEMADMIN", "MILCDM", "PATADMIN", "PATSFTY", "PERFMSR", "RECORDMGT", "SYSDEV"),
    *("HTEST", "TRAIN", "HPAYMT", "CLMATTCH", "COVAUTH", "COVERAGE", "ELIGDTRM", "ELIGVER"),
    *("ENROLLM", "MILDCRG", "REMITADV", "HRESCH", "BIORCH", "CLINTRCH", "CLINTRCHNPC"),
    *("CLINTRCHPC", "PRECLINTRCH", "DSRCH", "POARCH", "TRANSRCH", "PATRQT", "FAMRQT"),
    *("PWATRNY", "SUPNWK", "PUBHLTH", "DISASTER", "THREAT", "TREAT", "CLINTRL", "COC"),
    *("ETREAT", "BTG", "ERTREAT", "POPHLTH"),
}
XHTML = "http://www.w3.org/1999/xhtml"
# What a narrative may hold (R4 txt-1 allows basic formatting; ours uses only these).
NARRATIVE_ELEMENTS = {"div", "p", "b", "i", "ul", "li", "br", "span"}


def _provisions(provision: dict):
    yield provision
    for nested in provision.get("provision", ()):
        yield from _provisions(nested)


def value_set_failures(resource: dict, *, base: str) -> list[str]:
    """Codes of ``resource`` outside R4's value sets (or, for the product's own code systems
    under ``base``, outside the product's vocabularies)."""
    failed = []
    if resource["status"] not in CONSENT_STATE:
        failed.append(f"status {resource['status']}")
    for coding in resource["scope"]["coding"]:
        if (coding["system"], coding["code"]) not in CONSENT_SCOPE:
            failed.append(f"scope {coding}")
    for category in resource["category"]:
        for coding in category["coding"]:
            if coding["system"] != LOINC or coding["code"] not in CONSENT_CATEGORY_LOINC:
                failed.append(f"category {coding}")
    for provision in _provisions(resource["provision"]):
        if provision.get("type") not in PROVISION_TYPE:
            failed.append(f"provision type {provision.get('type')}")
        for action in provision.get("action", ()):
            for coding in action["coding"]:
                if (coding["system"], coding["code"]) not in CONSENT_ACTION:
                    failed.append(f"action {coding}")
        for actor in provision.get("actor", ()):
            for coding in actor["role"]["coding"]:
                if (coding["system"], coding["code"]) not in SECURITY_ROLE_TYPE:
                    failed.append(f"actor role {coding}")
        for coding in provision.get("purpose", ()):
            own = coding["system"] == f"{base}/CodeSystem/purpose"
            if not (
                (coding["system"] == ACT_REASON and coding["code"] in PURPOSE_OF_USE)
                or (own and coding["code"] in Purpose.values)
            ):
                failed.append(f"purpose {coding}")
        for coding in provision.get("class", ()):
            if (
                coding["system"] != f"{base}/CodeSystem/data-category"
                or coding["code"] not in DataCategory.values
            ):
                failed.append(f"class {coding}")
    return failed


def narrative_failures(resource: dict) -> list[str]:
    """A generated narrative, well-formed XHTML of basic elements only, with some text."""
    text = resource.get("text") or {}
    if text.get("status") != "generated":
        return ["text.status"]
    root = ET.fromstring(text["div"])  # noqa: S314 (our own export, read in a test)
    failed = []
    if root.tag != f"{{{XHTML}}}div":
        failed.append("root is not an XHTML div")
    for element in root.iter():
        name = element.tag.removeprefix(f"{{{XHTML}}}")
        if name not in NARRATIVE_ELEMENTS or element.attrib:
            failed.append(f"element {element.tag} {element.attrib}")
    if not "".join(root.itertext()).strip():
        failed.append("no text")
    return failed
