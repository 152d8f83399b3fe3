"""The routes an outside party (a partner agency's user) can reach today that disclose nothing
about a survivor, each with the reason. A new route an outside party can reach goes either
here (with its reason) or, if it discloses, into the registry through ``egress_register``."""

from consent.egress import egress_exempt

_OWN_ACCOUNT = "the signed-in person's own account, nothing about a survivor"
_CASE_SCOPED = (
    "scoped by cases.access.cases_visible_to, which gives a partner no case: an empty list"
)

KNOWN_EXEMPTIONS = {
    "home": "the signed-in person's own start page",
    "healthz": "service health, no data",
    "api-schema": "the API's description, no data",
    "api-docs": "the API's documentation page, no data",
    "api-me": _OWN_ACCOUNT,
    "api-tokens": _OWN_ACCOUNT,
    "api-token-revoke": _OWN_ACCOUNT,
    "accounts:enrol": _OWN_ACCOUNT,
    "accounts:password-change": _OWN_ACCOUNT,
    "accounts:security": _OWN_ACCOUNT,
    "accounts:set-password": _OWN_ACCOUNT,
    "accounts:sign-in": _OWN_ACCOUNT,
    "accounts:sign-out": _OWN_ACCOUNT,
    "accounts:sign-out-everywhere": _OWN_ACCOUNT,
    "accounts:token-list": _OWN_ACCOUNT,
    "accounts:token-revoke": _OWN_ACCOUNT,
    "accounts:verify": _OWN_ACCOUNT,
    "cases-api:case-list": _CASE_SCOPED,
    "cases-api:case-search": _CASE_SCOPED,
    # Tasks: none sends anything outside the organization.
    "cases.break_glass_expire": "ends emergency access inside the organization",
    "cases.quiet_cases_remind": "reminds staff; never contacts anyone outside",
    "accounts.change_requests_apply_due": "account changes inside the organization",
    "audit.checkpoint_write": "writes chain heads to local storage",
    "alongside.ping": "a health check of the worker, no data",
    "protection.data_keys_rewrap": "re-wraps keys inside the organization",
    "consent.releases_expire": "expires releases and reminds staff; never contacts anyone",
    "reports.report_run": "suppressed aggregates, no survivor data; stored for the requester",
}


def register_known_exemptions() -> None:
    for name, reason in KNOWN_EXEMPTIONS.items():
        egress_exempt(name, reason)
