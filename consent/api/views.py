"""The consent API: the consent pages' capabilities under the same rules.

A view reaches its case through ``cases.selectors.case_read`` (reads, audited as a view, as the
pages do) or ``consent.access.consent_case_for`` (writes: 404 for outsiders, 403 for insiders
without the right to record), checks the shape of its input with a serializer and calls one
selector or one service, whose field messages answer 400 with nothing written.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from alongside.service_errors import api_service_errors
from cases.api.base import CaseAPIView
from consent import selectors, services
from consent.access import consent_case_for
from consent.api import serializers as shapes
from consent.choices import DataCategory
from consent.fhir import release_fhir_validated

FHIR_JSON = "application/fhir+json"


class ConsentAPIView(CaseAPIView):
    def case_to_record(self):
        return consent_case_for(self.request.user, self.kwargs["case_id"], record=True)


def _recipient(checked):
    with api_service_errors():
        return services.recipient_from(**checked.recipient_parts())


# People around the survivor -------------------------------------------------------------------


class PersonList(ConsentAPIView):
    serializer_class = shapes.PersonSerializer

    @extend_schema(
        summary="The people around the survivor (names and contact details; the view is audited)",
        responses=shapes.PersonSerializer(many=True),
    )
    def get(self, request, case_id):
        return self.page_of(selectors.people_of(case=self.case_read()), shapes.PersonSerializer)

    @extend_schema(
        summary="Record someone in the survivor's life (a guardian, a support person, someone "
        "to keep away)",
        request=shapes.PersonWriteSerializer,
        responses={201: shapes.PersonSerializer},
    )
    def post(self, request, case_id):
        case = self.case_to_record()
        data = self.payload(shapes.PersonWriteSerializer)
        with api_service_errors():
            person = services.person_add(actor=request.user, case=case, **data)
        return self.created(shapes.PersonSerializer(person).data)


class PersonDetail(ConsentAPIView):
    serializer_class = shapes.PersonSerializer

    @extend_schema(summary="One person around the survivor (the view is audited)")
    def get(self, request, case_id, person_id):
        person = selectors.person_of(case=self.case_read(), person_id=person_id)
        return Response(shapes.PersonSerializer(person).data)

    @extend_schema(
        summary="Change what is recorded about a person; refused with 409 if someone saved first",
        request=shapes.PersonUpdateSerializer,
        responses={200: shapes.PersonSerializer, 409: shapes.PersonConflictSerializer},
    )
    def patch(self, request, case_id, person_id):
        case = self.case_to_record()
        person = selectors.person_of(case=case, person_id=person_id)
        data = self.payload(shapes.PersonUpdateSerializer)
        version = data.pop("version")
        return self.edited(
            lambda: services.person_update(
                actor=request.user, person=person, version=version, **data
            ),
            shapes.PersonSerializer,
        )


# Releases -------------------------------------------------------------------------------------


class ReleaseList(ConsentAPIView):
    serializer_class = shapes.ReleaseSerializer

    @extend_schema(
        summary="The case's releases of information, newest first, each with its status today "
        "and the disclosures made under it",
        responses=shapes.ReleaseSerializer(many=True),
    )
    def get(self, request, case_id):
        return self.page_of(selectors.releases_of(case=self.case_read()), shapes.ReleaseSerializer)

    @extend_schema(
        summary="Record a release the survivor gave (and, for a minor, whoever must sign)",
        description="The signed document is attached on the consent page. A verbal release "
        "is due to be confirmed in writing (POST …/confirm).",
        request=shapes.ReleaseGrantSerializer,
        responses={201: shapes.ReleaseSerializer},
    )
    def post(self, request, case_id):
        case = self.case_to_record()
        checked = self.checked(shapes.ReleaseGrantSerializer)
        data = checked.validated_data
        recipient = _recipient(checked)
        with api_service_errors():
            release = services.release_grant(
                actor=request.user,
                case=case,
                recipient=recipient,
                categories=data["categories"],
                purposes=data["purposes"],
                purpose_other=data.get("purpose_other", ""),
                method=data["method"],
                signer=data["signer"],
                guardian=data.get("guardian"),
                minor_consents_alone=data["minor_consents_alone"],
                signed_on=data.get("signed_on"),
                starts_on=data.get("starts_on"),
                expires_on=data.get("expires_on"),
                notes=data.get("notes", ""),
            )
        release = selectors.release_of(case=case, release_id=release.pk)
        return self.created(shapes.ReleaseSerializer(release).data)


class ReleaseDetail(ConsentAPIView):
    serializer_class = shapes.ReleaseSerializer

    @extend_schema(summary="One release with its disclosures (the view is audited)")
    def get(self, request, case_id, release_id):
        release = selectors.release_of(case=self.case_read(), release_id=release_id)
        return Response(shapes.ReleaseSerializer(release).data)


class ReleaseRevoke(ConsentAPIView):
    serializer_class = shapes.ReleaseRevokeSerializer

    @extend_schema(
        summary="The survivor takes the release back: at once, nothing more goes out under it",
        description="Each recipient that already received data under it gets a “stop using” "
        "notice, listed for the advocate to send. Revoking twice is refused (400).",
        request=shapes.ReleaseRevokeSerializer,
        responses=shapes.ReleaseRevokedSerializer,
    )
    def post(self, request, case_id, release_id):
        case = self.case_to_record()
        release = selectors.release_of(case=case, release_id=release_id)
        data = self.payload(shapes.ReleaseRevokeSerializer)
        with api_service_errors():
            services.release_revoke(
                actor=request.user,
                release=release,
                method=data["method"],
                communicated_at=data.get("communicated_at"),
                note=data.get("note", ""),
            )
        release = selectors.release_of(case=case, release_id=release_id)
        notices = selectors.stop_using_notices_of(case=case).filter(release=release)
        return Response(
            shapes.ReleaseRevokedSerializer(
                {"release": release, "stop_using_notices": notices}
            ).data
        )


class ReleaseConfirm(ConsentAPIView):
    serializer_class = shapes.ReleaseConfirmSerializer

    @extend_schema(
        summary="A verbal release, now confirmed in writing: it stays in force past its "
        "confirm-by day",
        request=shapes.ReleaseConfirmSerializer,
        responses=shapes.ReleaseSerializer,
    )
    def post(self, request, case_id, release_id):
        case = self.case_to_record()
        release = selectors.release_of(case=case, release_id=release_id)
        data = self.payload(shapes.ReleaseConfirmSerializer)
        with api_service_errors():
            services.release_confirm_in_writing(
                actor=request.user, release=release, confirmed_at=data.get("confirmed_at")
            )
        release = selectors.release_of(case=case, release_id=release_id)
        return Response(shapes.ReleaseSerializer(release).data)


class ReleaseFhir(ConsentAPIView):
    serializer_class = None

    @extend_schema(
        summary="The release as an HL7 FHIR R4 Consent (validated; the view is audited)",
        description="Restrictions on the same recipient are nested deny provisions. The "
        "patient is named by the case's number, never by name.",
        responses={(200, FHIR_JSON): OpenApiTypes.OBJECT},
    )
    def get(self, request, case_id, release_id):
        release = selectors.release_of(case=self.case_read(), release_id=release_id)
        return Response(release_fhir_validated(release), content_type=FHIR_JSON)


# Restrictions ---------------------------------------------------------------------------------


class RestrictionList(ConsentAPIView):
    serializer_class = shapes.RestrictionSerializer

    @extend_schema(
        summary="Restrictions in force (“never share with …”), newest first",
        responses=shapes.RestrictionSerializer(many=True),
    )
    def get(self, request, case_id):
        return self.page_of(
            selectors.restrictions_of(case=self.case_read()), shapes.RestrictionSerializer
        )

    @extend_schema(
        summary="Never share with a recipient (some categories, or all): overrides every release",
        request=shapes.RestrictionAddSerializer,
        responses={201: shapes.RestrictionSerializer},
    )
    def post(self, request, case_id):
        case = self.case_to_record()
        checked = self.checked(shapes.RestrictionAddSerializer)
        data = checked.validated_data
        recipient = _recipient(checked)
        with api_service_errors():
            restriction = services.restriction_add(
                actor=request.user,
                case=case,
                recipient=recipient,
                categories=data.get("categories", ()),
                note=data.get("note", ""),
            )
        restriction = selectors.restriction_of(case=case, restriction_id=restriction.pk)
        return self.created(shapes.RestrictionSerializer(restriction).data)


class RestrictionRemove(ConsentAPIView):
    serializer_class = shapes.RestrictionSerializer

    @extend_schema(
        summary="Remove a restriction (it stays in the record, marked removed)",
        request=None,
        responses=shapes.RestrictionSerializer,
    )
    def post(self, request, case_id, restriction_id):
        case = self.case_to_record()
        restriction = selectors.restriction_of(case=case, restriction_id=restriction_id)
        with api_service_errors():
            services.restriction_remove(actor=request.user, restriction=restriction)
        restriction = selectors.restriction_of(case=case, restriction_id=restriction_id)
        return Response(shapes.RestrictionSerializer(restriction).data)


# The grid and the preview ---------------------------------------------------------------------


class ConsentGrid(ConsentAPIView):
    serializer_class = shapes.ConsentGridSerializer

    @extend_schema(
        summary="Who may receive what, until when: every release with its status today, the "
        "restrictions, and the “stop using” notices still to send (the view is audited)"
    )
    def get(self, request, case_id):
        case = self.case_read()
        restrictions = list(selectors.restrictions_of(case=case))
        denied: dict = {}
        for restriction in restrictions:
            denied.setdefault(restriction.recipient, set()).update(
                restriction.categories or DataCategory.values
            )
        rows = []
        for row in selectors.consent_grid(case=case):
            restricted = denied.get(row.release.recipient, set())
            rows.append(
                {
                    "release": row.release,
                    "status": row.status,
                    "categories": row.categories,
                    "restricted": [name for name in row.categories if name in restricted],
                    "purposes": row.purposes,
                    "expires_on": row.expires_on,
                    "disclosures": row.disclosures,
                }
            )
        notices = selectors.stop_using_notices_of(case=case, unsent_only=True)
        grid = {
            "releases": rows,
            "restrictions": restrictions,
            "stop_using_notices_to_send": notices,
        }
        return Response(shapes.ConsentGridSerializer(grid).data)


class PacketPreview(ConsentAPIView):
    serializer_class = shapes.PacketPreviewSerializer

    @extend_schema(
        summary="The packet a recipient would receive for a purpose now, field by field, "
        "exactly as they would see it (the view is audited)",
        parameters=[shapes.PreviewQuerySerializer],
    )
    def get(self, request, case_id):
        case = self.case_read(audited=False)
        checked = self.checked(shapes.PreviewQuerySerializer, request.query_params)
        recipient = _recipient(checked)
        with api_service_errors():
            services.recipient_checked(case, recipient, keep_away_allowed=True)
        # The selector audits the preview, naming the categories it showed.
        decision, packet = selectors.packet_preview(
            actor=request.user,
            case=case,
            recipient=recipient,
            purpose=checked.validated_data["purpose"],
        )
        preview = {
            "purpose": decision.purpose,
            "permitted": {name: list(ids) for name, ids in decision.permitted.items()},
            "denied": {name: decision.why_not(name) for name in decision.denied},
            "why_not": decision.why_not(),
            "sections": [
                {
                    "category": section.category,
                    "label": section.label,
                    "fields": [{"label": label, "value": value} for label, value in section.fields],
                }
                for section in packet.sections
            ],
        }
        return Response(shapes.PacketPreviewSerializer(preview).data)
