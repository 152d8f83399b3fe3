"""What a revocation sets off in other apps: they register a hook, called after the revocation
commits, to stop what they had pending under the release and tell its owner (referrals: a
referral waiting to be sent stops and its sender is told).

A hook receives the release's id only (never data) and re-reads what it needs. A hook that
fails does not undo the revocation: the survivor's word stands, and the failure is logged.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger("consent")

_hooks: list[Callable] = []


def revocation_hook_register(hook: Callable) -> Callable:
    """``hook(release_id=...)``, called on commit of each revocation. Idempotent."""
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


def revocation_hook_unregister(hook: Callable) -> None:
    _hooks.remove(hook)


def revocation_hooks_schedule(release_id) -> None:
    def run() -> None:
        for hook in list(_hooks):
            try:
                hook(release_id=release_id)
            except Exception:
                logger.exception("A revocation hook failed for release %s", release_id)

    transaction.on_commit(run)
