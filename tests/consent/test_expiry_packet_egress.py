"""Expiry, the packet a recipient would receive, and the egress registry."""

import datetime
import re
import uuid

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from accounts.roles import Role
from alongside.celery import app as celery_app
from audit.models import AuditEvent
from consent import egress, selectors, services
from consent.choices import ConsentMethod, DataCategory, Purpose
from consent.models import Release
from consent.policy import ReleaseTerms
from consent.recipients import Recipient
from reminders.models import Reminder
from tests.conftest import SURVIVOR, sign_in
from tests.consent.conftest import grant
from tests.matrix.framework import personas
from tests.matrix.test_permission_matrix import MATRIX, _url_name, _url_names

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# Expiry ---------------------------------------------------------------------------------------


def test_daily_round_reminds_expires_and_flags(advocate, case, agency, administrator):
    today = timezone.localdate()
    recipient = Recipient.organization(agency.pk)
    soon = grant(advocate, case, recipient, expires_on=today + 5 * DAY)
    also_soon = grant(advocate, case, recipient, expires_on=today + 6 * DAY)
    later = grant(advocate, case, recipient, expires_on=today + 60 * DAY)
    verbal = grant(
        advocate, case, recipient, method=ConsentMethod.VERBAL, signed_on=today - 20 * DAY
    )
    done = services.releases_expire(today=today)
    assert done == {"reminded": 2, "expired": 0, "unconfirmed": 1}
    reminders = Reminder.objects.filter(case=case, assignee=advocate)
    assert {r.source_id for r in reminders if r.kind == "consent_release_expiring"} == {
        soon.pk,
        also_soon.pk,
    }
    assert reminders.filter(kind="consent_verbal_unconfirmed", source_id=verbal.pk).exists()
    # Twice in a day does nothing more.
    assert services.releases_expire(today=today) == {"reminded": 0, "expired": 0, "unconfirmed": 0}
    done = services.releases_expire(today=today + 6 * DAY)
    assert done["expired"] == 1
    soon.refresh_from_db()
    assert soon.expired_at is not None and soon.status_on(today + 6 * DAY) == "expired"
    assert not Release.objects.get(pk=later.pk).expired_at
    assert not Reminder.objects.filter(source_id=soon.pk, done_at__isnull=True).exists()


def test_the_task_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "consent.releases_expire" in tasks


# The packet -----------------------------------------------------------------------------------


def test_packet_shows_only_permitted_categories_and_is_audited(advocate, case, agency):
    recipient = Recipient.organization(agency.pk)
    grant(advocate, case, recipient, categories=[DataCategory.IDENTITY])
    _decision, packet = selectors.packet_preview(
        actor=advocate, case=case, recipient=recipient, purpose=Purpose.REFERRAL
    )
    assert packet.categories == ["identity"]
    shown = dict(packet.sections[0].fields)
    assert shown["Preferred name"] == SURVIVOR.preferred_name
    assert SURVIVOR.phone not in str(packet)
    event = AuditEvent.objects.filter(target_id=case.pk).latest("id")
    assert "consent.packet_preview" in event.fields


def test_preview_of_a_release_not_saved_yet(advocate, case, agency):
    recipient = Recipient.organization(agency.pk)
    proposed = ReleaseTerms(
        id=uuid.uuid4(),
        recipient=recipient,
        categories=frozenset({"contact"}),
        purposes=frozenset({"referral"}),
        starts_on=timezone.localdate(),
        expires_on=timezone.localdate() + 30 * DAY,
        method=ConsentMethod.WRITTEN,
    )
    _decision, packet = selectors.packet_preview(
        actor=advocate, case=case, recipient=recipient, purpose="referral", proposed=proposed
    )
    assert packet.categories == ["contact"]
    assert ("Phone", "+1 202 555 0111") in packet.sections[0].fields
    assert not Release.objects.exists()


# Egress ---------------------------------------------------------------------------------------


def test_disclosure_needs_a_registered_route_and_is_audited(advocate, case, agency):
    recipient = Recipient.organization(agency.pk)
    grant(advocate, case, recipient)
    with pytest.raises(Exception, match="not a registered way out"):
        egress.disclosure_decide(
            actor=advocate, case=case, recipient=recipient, purpose="referral", route="nowhere"
        )
    route = egress.egress_register(
        egress.EgressRoute("test:packet", "endpoint", "this agency, for referral")
    )
    try:
        decision = egress.disclosure_decide(
            actor=advocate, case=case, recipient=recipient, purpose="referral", route=route.name
        )
        disclosure = egress.disclosure_record(
            actor=advocate,
            case=case,
            decision=decision,
            categories=["identity"],
            route=route.name,
        )
        assert list(disclosure.releases.all())
        with pytest.raises(Exception, match="does not cover"):
            egress.disclosure_record(
                actor=advocate,
                case=case,
                decision=decision,
                categories=["medical"],
                route=route.name,
            )
    finally:
        egress._routes.pop(route.name)
    assert any(
        egress.DECISION_AUDIT_FIELD in event.fields
        for event in AuditEvent.objects.filter(target_id=case.pk)
    )


# Every persona from outside the organization: partner-agency users, with an agency or none.
OUTSIDE_PERSONAS = [persona.name for persona in personas() if persona.role == Role.PARTNER]
# The name the matrix scenario gives its survivor.
MATRIX_SURVIVOR = "Matrix Survivor"


def _reachable_by_outsiders() -> dict[str, object]:
    return {
        key: entry
        for key, entry in MATRIX.items()
        if any(entry.expected_for(persona) < 400 for persona in OUTSIDE_PERSONAS)
    }


def test_every_route_an_outside_party_reaches_is_registered():
    known = set(egress.egress_routes()) | set(egress.egress_exemptions())
    missing = {_url_name(key) for key in _reachable_by_outsiders()} - known
    assert not missing, f"Reachable by a partner, not in the egress registry: {sorted(missing)}"


def test_every_api_operation_is_in_the_matrix_the_walk_reads():
    from django.urls import resolve
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    names = set()
    for path in schema["paths"]:
        # Every path parameter is a UUID.
        concrete = re.sub(r"\{[a-z_]+\}", "00000000-0000-0000-0000-000000000000", path)
        match = resolve(concrete)
        names.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
    assert names <= _url_names(get_resolver())
    assert names <= {_url_name(key) for key in MATRIX}


def test_every_task_is_registered_as_a_way_out_or_exempt():
    tasks = {name for name in celery_app.tasks if not name.startswith("celery.")}
    known = set(egress.egress_routes()) | set(egress.egress_exemptions())
    assert tasks - known == set()


def test_exempt_routes_serve_no_survivor_data_to_a_partner():
    """Every exempt route a partner reaches, called as a partner of the agency the case's
    referrals go to (the matrix's scenario, so every entry finds what it builds on): nothing
    of the case comes back, not its name and not its id."""
    from tests.matrix.framework import Context
    from tests.matrix.scenario import CaseScenario

    scenario = CaseScenario("partner_of_receiving_agency")
    partner = scenario.requester
    case = scenario.make_case()
    client = sign_in(Client(), partner)
    context = Context(requester=partner, subject=scenario.lead, case_factory=lambda: case)
    context.extras["scenario"] = scenario
    for key, entry in _reachable_by_outsiders().items():
        name = _url_name(key)
        if name in egress.egress_routes():
            continue
        url = reverse(name, kwargs=entry.kwargs(context))
        arguments = {}
        if entry.data is not None:
            arguments["data"] = entry.data(context) if callable(entry.data) else entry.data
        if entry.content_type:
            arguments["content_type"] = entry.content_type
        response = getattr(client, entry.method)(url, **arguments)
        body = b"".join(response) if response.streaming else response.content
        assert MATRIX_SURVIVOR.encode() not in body, name
        assert str(case.pk).encode() not in body, name


def test_registered_routes_make_an_audited_decision():
    """A registered way out asks the policy: checked by the route's own tests, which call
    ``disclosure_decide``; here, that each registered route names its question."""
    for route in egress.egress_routes().values():
        assert route.question and route.kind in {"page", "endpoint", "export", "print", "task"}


@pytest.mark.parametrize(
    ("code", "other", "shown"),
    [("es", "", "Spanish"), ("other", "Mam", "Mam"), ("", "", "Not recorded")],
)
def test_the_packet_names_the_language_never_its_code(case, code, other, shown):
    from consent.packet import packet_build

    case.primary_language = code
    case.primary_language_other = other
    packet = packet_build(case=case, categories=[DataCategory.DEMOGRAPHICS])
    fields = dict(packet.sections[0].fields)
    assert fields["Primary language"] == shown
