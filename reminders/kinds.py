"""The kinds of reminder, registered by the apps that create them.

Each app registers its kinds in its ``AppConfig.ready()`` (cases: a quiet case, a follow-up;
consent: a release about to expire; referrals: a follow-up; clinicians: a licence to renew), so
a reminder's kind is checked and labelled without this app knowing any of them.
"""

from django.utils.functional import Promise

KIND_MAX = 40
_kinds: dict[str, str | Promise] = {}


def reminder_kind_register(value: str, label: str | Promise) -> None:
    """Add a kind (idempotent for the same label); ``value`` is stored, ``label`` shown."""
    if not value or len(value) > KIND_MAX:
        raise ValueError(f"a reminder kind is 1 to {KIND_MAX} characters: {value!r}")
    if value in _kinds and str(_kinds[value]) != str(label):
        raise ValueError(f"reminder kind {value!r} is registered with another label")
    _kinds[value] = label


def reminder_kind_known(value: str) -> bool:
    return value in _kinds


def reminder_kind_label(value: str) -> str:
    """The kind's label in the current language (the stored value if no app registers it)."""
    label = _kinds.get(value)
    return str(label) if label is not None else value
