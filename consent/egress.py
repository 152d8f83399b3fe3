"""Every way survivor data leaves the organization, registered with the policy question it asks.

A page, endpoint, export or task that discloses survivor data to someone outside (a partner
agency's user today, any new outside persona later) registers here with ``egress_register``,
naming its URL (or task) and the question it asks the policy; it then calls
``disclosure_decide`` — which asks ``consent.policy`` and audits the decision — before sending
anything, and ``disclosure_record`` once it has. A route an outside party can reach that
discloses nothing about survivors registers with ``egress_exempt`` and says why.

``tests/consent/test_egress.py`` walks the URL resolver, the API schema and the Celery task
list, and fails when something an outside party can reach is in neither list, or when a
registered route answers without a policy decision.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from consent.models import Disclosure, Release, recipient_values
from consent.policy import Decision, disclosure_decision
from consent.recipients import Recipient

DECISION_AUDIT_FIELD = "consent.decision"


@dataclass(frozen=True)
class EgressRoute:
    """A way out: ``name`` is a URL name (``"referrals:packet"``) or a task name."""

    name: str
    kind: str  # "page", "endpoint", "export", "print", "task"
    question: str  # the policy question it asks, in words


@dataclass(frozen=True)
class EgressExemption:
    name: str
    reason: str  # why it discloses nothing about a survivor


_routes: dict[str, EgressRoute] = {}
_exempt: dict[str, EgressExemption] = {}


def egress_register(route: EgressRoute) -> EgressRoute:
    if route.name in _exempt:
        raise ValueError(f"{route.name} is registered as disclosing nothing")
    _routes[route.name] = route
    return route


def egress_exempt(name: str, reason: str) -> EgressExemption:
    if name in _routes:
        raise ValueError(f"{name} is registered as a way out")
    exemption = EgressExemption(name, reason)
    _exempt[name] = exemption
    return exemption


def egress_routes() -> dict[str, EgressRoute]:
    return dict(_routes)


def egress_exemptions() -> dict[str, EgressExemption]:
    return dict(_exempt)


def disclosure_decide(
    *,
    actor,
    case,
    recipient: Recipient,
    purpose: str,
    route: str,
    categories: Iterable[str] | None = None,
) -> Decision:
    """The policy's decision for a registered way out, audited (who asked, through which
    route, which categories were permitted — names, never values). Tasks call it again when
    they run: a decision is never carried in a queue."""
    if route not in _routes:
        raise PermissionDenied(f"{route} is not a registered way out")
    decision = disclosure_decision(
        case=case, recipient=recipient, purpose=purpose, categories=categories
    )
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        target=case,
        fields=[DECISION_AUDIT_FIELD, f"route:{route}", *sorted(decision.categories)],
        reason="permitted" if decision.allowed else "denied",
    )
    return decision


@transaction.atomic
def disclosure_record(
    *,
    actor,
    case,
    decision: Decision,
    categories: Iterable[str],
    route: str,
) -> Disclosure:
    """Record that ``categories`` went out under ``decision`` (made moments ago through
    ``disclosure_decide``). Refuses a category the decision did not permit, and re-checks
    that the releases it relied on are still in force (a revocation in between wins)."""
    sent = list(dict.fromkeys(categories))
    if not sent:
        raise ValidationError(_("Nothing to disclose."))
    refused = [name for name in sent if name not in decision.permitted]
    if refused:
        raise ValidationError(
            _("The survivor's consent does not cover: %(names)s.") % {"names": ", ".join(refused)}
        )
    fresh = disclosure_decision(
        case=case, recipient=decision.recipient, purpose=decision.purpose, categories=sent
    )
    if set(sent) - fresh.categories:
        raise ValidationError(_("The survivor's consent changed: nothing was sent."))
    disclosure = Disclosure.objects.create(
        case=case,
        **recipient_values(decision.recipient),
        disclosed_at=timezone.now(),
        categories=sent,
        purpose=decision.purpose,
        channel=route,
        recorded_by=actor,
    )
    disclosure.releases.set(Release.objects.filter(pk__in=fresh.releases_for(sent)))
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=disclosure,
        fields=[f"route:{route}", *sent],
    )
    return disclosure
