"""The directory's routes a partner-agency user reaches, in the consent registry of ways out.

They carry the partner's own agency's services and the pause on new referrals: directory
data, never anything about a survivor.
"""

from consent.egress import egress_exempt

_OWN_SERVICES = (
    "the partner's own agency's services and whether they take new referrals: directory data, "
    "nothing about a survivor"
)

EXEMPT = {
    "directory:partner-services": _OWN_SERVICES,
    "directory:service-referrals-pause": _OWN_SERVICES,
    "directory:service-referrals-resume": _OWN_SERVICES,
}


def register_directory_egress() -> None:
    for name, reason in EXEMPT.items():
        egress_exempt(name, reason)
