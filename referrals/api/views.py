"""The referrals API: both sides of the loop under the pages' policy (``referrals.access``).

The sender's operations live under the case (``/cases/<id>/referrals``): reaching the case
goes through ``case_for`` (404 outsiders, 403 insiders who may not write). The receiver's live
under ``/referrals/received``: a partner of another agency, or anyone not receiving, gets 404
for every referral; the survivor appears only in the packet, read through its own operation
and audited.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from alongside.service_errors import api_service_errors
from cases.access import CaseAction
from cases.api.base import CaseAPIView
from referrals import access, selectors, services
from referrals.api import serializers as shapes
from referrals.choices import ReferralStatus


# Both sides' endpoints; the sender's reach their case as every case endpoint does.
class ReferralAPIView(CaseAPIView):
    pass


def _target(actor, data: dict) -> dict:
    """The service or program a request names, or a field message (400)."""
    found = {"service": None, "program": None}
    services, programs = selectors.referral_targets(actor=actor)
    if data.get("service"):
        found["service"] = services.filter(pk=data["service"]).first()
        if found["service"] is None:
            raise serializers.ValidationError(
                {"service": [_("Choose a service from the directory.")]}
            )
    if data.get("program"):
        found["program"] = programs.filter(pk=data["program"]).first()
        if found["program"] is None:
            raise serializers.ValidationError({"program": [_("Choose one of our programs.")]})
    if (found["service"] is None) == (found["program"] is None):
        raise serializers.ValidationError(
            {"service": [_("Choose a partner's service or one of our programs, not both.")]}
        )
    return found


# The sender: a case's referrals ---------------------------------------------------------------


class ReferralList(ReferralAPIView):
    serializer_class = shapes.ReferralRowSerializer

    @extend_schema(
        summary="The case's referrals, newest first, with their state and deadlines",
        responses=shapes.ReferralRowSerializer(many=True),
    )
    def get(self, request, case_id):
        case = self.case_read()
        return self.page_of(selectors.case_referrals(case), shapes.ReferralRowSerializer)

    @extend_schema(
        summary="Send a referral: the chosen categories (each permitted by the survivor's "
        "consent now) are frozen into its packet; refused with the reason when nothing may go",
        request=shapes.ReferralMakeSerializer,
        responses={201: shapes.ReferralSerializer},
    )
    def post(self, request, case_id):
        case = self.case(CaseAction.EDIT)
        data = self.payload(shapes.ReferralMakeSerializer)
        target = _target(request.user, data)
        with api_service_errors():
            referral = services.referral_make(
                actor=request.user,
                case=case,
                purpose=data["purpose"],
                urgency=data["urgency"],
                note=data.get("note", ""),
                categories=data["categories"],
                route="referrals-api:referral-list",
                **target,
            )
        return self.created(shapes.ReferralSerializer(referral).data)


class ReferralOptions(ReferralAPIView):
    serializer_class = shapes.OptionsSerializer

    @extend_schema(
        summary="What may go to a service's organization (or one of our programs) for a "
        "purpose now, as the packet would show it (the view is audited)",
        parameters=[shapes.OptionsQuerySerializer],
    )
    def get(self, request, case_id):
        case = self.case(CaseAction.EDIT)
        data = self.payload(shapes.OptionsQuerySerializer, request.query_params)
        target = _target(request.user, data)
        preview = selectors.referral_options(
            actor=request.user, case=case, purpose=data["purpose"], **target
        )
        body = {
            "categories": preview.categories,
            "denied": [
                {"category": name, "label": label, "why": why}
                for name, label, why in preview.denied
            ],
            "sections": [
                {
                    "category": section.category,
                    "label": section.label,
                    "fields": [{"label": k, "value": v} for k, v in section.fields],
                }
                for section in preview.packet.sections
            ],
            "contact_rules": [{"label": k, "value": v} for k, v in preview.contact_rules],
            "do_not_contact": preview.do_not_contact,
            "refusal": preview.refusal,
            "release_url": preview.release_url,
        }
        return Response(shapes.OptionsSerializer(body).data)


class ReferralDetail(ReferralAPIView):
    serializer_class = shapes.ReferralSerializer

    @extend_schema(summary="One referral of the case, with its note and every step")
    def get(self, request, case_id, referral_id):
        referral = access.referral_for_sender(request.user, referral_id, case_id=case_id)
        selectors.sender_referral_viewed(actor=request.user, referral=referral)
        return Response(shapes.ReferralSerializer(referral).data)


class ReferralWithdraw(ReferralAPIView):
    serializer_class = shapes.ReferralSerializer

    @extend_schema(
        summary="Withdraw a referral the receiver has not accepted yet; 409 if it changed",
        request=shapes.VersionSerializer,
        responses={200: shapes.ReferralSerializer, 409: shapes.ReferralConflictSerializer},
    )
    def post(self, request, case_id, referral_id):
        referral = access.referral_for_sender(
            request.user, referral_id, write=True, case_id=case_id
        )
        data = self.payload(shapes.VersionSerializer)
        return self.edited(
            lambda: services.referral_step(
                actor=request.user,
                referral=referral,
                to_status=ReferralStatus.WITHDRAWN,
                version=data["version"],
            ),
            shapes.ReferralSerializer,
        )


class ReferralInList(ReferralAPIView):
    serializer_class = shapes.ReferralInSerializer

    @extend_schema(
        summary="Referrals other agencies made of this survivor to us",
        responses=shapes.ReferralInSerializer(many=True),
    )
    def get(self, request, case_id):
        case = self.case_read()
        referrals = case.received_referrals.select_related("organization").order_by(
            "-received_on", "-recorded_at"
        )
        return self.page_of(referrals, shapes.ReferralInSerializer)

    @extend_schema(
        summary="Record that another agency referred this survivor to us",
        request=shapes.ReferralInWriteSerializer,
        responses={201: shapes.ReferralInSerializer},
    )
    def post(self, request, case_id):
        case = self.case(CaseAction.EDIT)
        data = self.payload(shapes.ReferralInWriteSerializer)
        with api_service_errors():
            received = services.received_referral_record(actor=request.user, case=case, **data)
        return self.created(shapes.ReferralInSerializer(received).data)


# The receiver ---------------------------------------------------------------------------------


def _shown(user, referral):
    """The referral with what the receiver sees of it now (packet or stop notice)."""
    packet = selectors.receiver_packet(user, referral)
    referral.shown_note = packet.note if packet else ""
    referral.shown_sections = (
        [
            {
                "category": category,
                "label": label,
                "fields": [{"label": k, "value": v} for k, v in fields],
            }
            for category, label, fields in packet.sections
        ]
        if packet
        else []
    )
    referral.shown_contact_rules = (
        [{"label": k, "value": v} for k, v in packet.contact_rules] if packet else []
    )
    referral.shown_stop_notice = "" if packet else selectors.stop_notice(referral)
    return referral


class ReceivedList(ReferralAPIView):
    serializer_class = shapes.ReceivedRowSerializer

    @extend_schema(
        summary="The referrals your agency (or a program you supervise) received, newest first; "
        "nothing about the survivor",
        parameters=[shapes.ReceivedQuerySerializer],
        responses=shapes.ReceivedRowSerializer(many=True),
    )
    def get(self, request):
        if not access.receives_referrals(request.user):
            raise PermissionDenied
        data = self.payload(shapes.ReceivedQuerySerializer, request.query_params)
        referrals = selectors.receiver_referrals(request.user, status=data.get("status") or None)
        return self.page_of(referrals, shapes.ReceivedRowSerializer)


class ReceivedDetail(ReferralAPIView):
    serializer_class = shapes.ReceivedSerializer

    @extend_schema(
        summary="A referral your side received: its frozen packet (the view is audited), or "
        "only the notice to stop using it once the survivor revoked their consent"
    )
    def get(self, request, referral_id):
        referral = access.referral_for_receiver(request.user, referral_id)
        return Response(shapes.ReceivedSerializer(_shown(request.user, referral)).data)


class ReceivedSteps(ReferralAPIView):
    serializer_class = shapes.StepSerializer

    @extend_schema(
        summary="The steps of a referral your side received",
        responses=shapes.StepSerializer(many=True),
    )
    def get(self, request, referral_id):
        referral = access.referral_for_receiver(request.user, referral_id)
        return self.page_of(selectors.steps_of(referral), shapes.StepSerializer)

    @extend_schema(
        summary="Acknowledge, accept, decline (with a coded reason), start or end (with a coded "
        "outcome) a referral your side received; 409 if it changed",
        request=shapes.StepWriteSerializer,
        responses={200: shapes.ReceivedRowSerializer, 409: shapes.ReceivedConflictSerializer},
    )
    def post(self, request, referral_id):
        referral = access.referral_for_receiver(request.user, referral_id)
        data = self.payload(shapes.StepWriteSerializer)
        return self.edited(
            lambda: services.referral_step(
                actor=request.user,
                referral=referral,
                to_status=data["to_status"],
                version=data["version"],
                reason=data.get("reason", ""),
                outcome=data.get("outcome", ""),
                text=data.get("text", ""),
            ),
            shapes.ReceivedRowSerializer,
        )


# Deadlines ------------------------------------------------------------------------------------


class DeadlineReport(ReferralAPIView):
    serializer_class = shapes.DeadlineRowSerializer
    # One row per partner: a report, not a page.
    pagination_class = None

    @extend_schema(
        summary="Deadlines missed per partner, for referrals sent between two days "
        "(administrators; supervisors for their programs' cases)",
        parameters=[shapes.DeadlineQuerySerializer],
        responses=shapes.DeadlineRowSerializer(many=True),
    )
    def get(self, request):
        if not access.may_see_deadline_report(request.user):
            raise PermissionDenied
        data = self.payload(shapes.DeadlineQuerySerializer, request.query_params)
        if data["until"] < data["since"]:
            raise serializers.ValidationError(
                {"until": [_("The last day cannot be before the first.")]}
            )
        zone = timezone.get_current_timezone()
        since = timezone.make_aware(datetime.datetime.combine(data["since"], datetime.time()), zone)
        until = timezone.make_aware(
            datetime.datetime.combine(data["until"] + datetime.timedelta(days=1), datetime.time()),
            zone,
        )
        rows = selectors.deadlines_missed(since=since, until=until, actor=request.user)
        return Response(shapes.DeadlineRowSerializer(rows, many=True).data)
