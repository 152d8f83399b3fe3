"""The case API: the pages' capabilities under the same policy.

A view checks the shape of its input with a serializer, reaches its case through ``case_for``
or a selector (404 for outsiders, 403 for insiders without the right) and calls one service.
Names are searched through POST bodies, never query strings, so they stay out of URLs and logs.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.selectors import active_staff
from alongside.api import error_body
from alongside.lookups import get_or_404
from alongside.service_errors import api_service_errors
from cases import selectors, services
from cases.access import CaseAction, may_open_cases
from cases.api import serializers as shapes
from cases.api.base import CaseAPIView
from cases.api.signed_notes import (
    SignedNoteAddenda,
    SignedNoteAPI,
    SignedNoteDetail,
    SignedNoteList,
    SignedNoteSign,
    documented,
)
from cases.choices import CaseStatus, SafetyFlag
from cases.services import CATEGORY_FIELDS, IDENTITY_FIELDS, Identity

# Cases ---------------------------------------------------------------------------------------


class CaseloadQuery(serializers.Serializer):
    status = serializers.ChoiceField(CaseStatus.choices, required=False)
    flag = serializers.ChoiceField(SafetyFlag.choices, required=False)
    mine = serializers.BooleanField(required=False, default=False)


class CaseList(CaseAPIView):
    serializer_class = shapes.CaseListSerializer

    @extend_schema(
        summary="Your caseload (active and inactive cases unless a status is given)",
        parameters=[CaseloadQuery],
        responses=shapes.CaseListSerializer(many=True),
    )
    def get(self, request):
        query = self.payload(CaseloadQuery, request.query_params)
        filters = selectors.CaseloadFilters(status=query.get("status", ""), mine=query["mine"])
        cases = selectors.caseload_rows(
            actor=request.user,
            filters=filters,
            fields=shapes.CaseListSerializer.row_fields(),
            reminder_kind=True,
        )
        flag = query.get("flag")
        if flag:
            # Flags are encrypted: filter after decrypting the caseload (its most recently
            # active cases, as the caseload page does), then paginate.
            flagged, _truncated = selectors.caseload_with_flag(cases, flag)
            page = self.paginate_queryset(flagged)
        else:
            page = selectors.decrypt_page(self.paginate_queryset(cases))
        reason = "caseload: flag filter" if flag else "caseload"
        page = selectors.cases_shown(actor=request.user, cases=page, reason=reason)
        return self.get_paginated_response(shapes.CaseListSerializer(page, many=True).data)

    @extend_schema(
        summary="Open a case (intake), after checking for likely duplicates",
        request=shapes.CaseCreateSerializer,
        responses={
            201: shapes.CaseCreatedSerializer,
            409: OpenApiResponse(
                shapes.DuplicateConflictSerializer,
                description="Likely duplicates exist: check them, then send "
                "confirm_not_duplicate: true.",
            ),
        },
    )
    def post(self, request):
        if not may_open_cases(request.user):
            raise PermissionDenied
        data = self.payload(shapes.CaseCreateSerializer)
        program = selectors.programs_for(actor=request.user).filter(pk=data["program"]).first()
        if program is None:
            raise serializers.ValidationError({"program": [_("Choose one of your programs.")]})
        identity = Identity(
            **{name: data[name] for name in IDENTITY_FIELDS if name in data},
            declined_fields=tuple(data.get("declined_fields", ())),
        )
        if not data["confirm_not_duplicate"]:
            duplicates = _likely_duplicates(request.user, identity)
            if duplicates is not None:
                return duplicates
        with api_service_errors():
            case = services.case_open(
                actor=request.user,
                program=program,
                identity=identity,
                intake_date=data.get("intake_date"),
                categories={name: data[name] for name in CATEGORY_FIELDS if name in data},
                age_band=data.get("age_band", ""),
            )
        case.warnings = selectors.intake_warnings(program=program)
        return self.created(shapes.CaseCreatedSerializer(case).data)


def _likely_duplicates(actor, identity: Identity) -> Response | None:
    warning = selectors.likely_duplicates(
        actor=actor,
        name=identity.preferred_name,
        also_names=tuple(filter(None, [identity.legal_name, identity.other_names])),
        date_of_birth=identity.date_of_birth,
        phone=identity.phone,
    )
    visible = {case.pk: case for case in warning.visible}
    hidden = warning.hidden_count
    count = len(visible) + hidden
    if not count:
        return None
    body = error_body(
        "likely_duplicate",
        _(
            "%(count)d open case(s) look like the same person. Check them, then send "
            "confirm_not_duplicate: true to open the case anyway."
        )
        % {"count": count},
    )
    body["likely_duplicates"] = {
        "count": count,
        "visible": [{"id": str(case.pk), "number": case.number} for case in visible.values()],
    }
    return Response(body, status=status.HTTP_409_CONFLICT)


class CaseSearch(CaseAPIView):
    serializer_class = shapes.CaseListSerializer

    @extend_schema(
        summary="Exact search by name, date of birth or phone (sent in the body, never the URL)",
        request=shapes.CaseSearchSerializer,
        responses=shapes.CaseListSerializer(many=True),
    )
    def post(self, request):
        data = self.payload(shapes.CaseSearchSerializer)
        cases = selectors.case_search_exact(
            actor=request.user,
            name=data.get("name", ""),
            date_of_birth=data.get("date_of_birth"),
            phone=data.get("phone", ""),
        ).order_by("-opened_at")
        page = selectors.decrypt_page(self.paginate_queryset(cases))
        page = selectors.cases_shown(actor=request.user, cases=page, reason="search")
        return self.get_paginated_response(shapes.CaseListSerializer(page, many=True).data)


class CaseDetail(CaseAPIView):
    serializer_class = shapes.CaseDetailSerializer

    @extend_schema(summary="One case (the view is audited)")
    def get(self, request, case_id):
        return Response(shapes.CaseDetailSerializer(self.case_read()).data)

    @extend_schema(
        summary="Change identity and categories; refused with 409 if someone saved first",
        request=shapes.CaseIdentityUpdateSerializer,
        responses={200: shapes.CaseDetailSerializer, 409: shapes.CaseConflictSerializer},
    )
    def patch(self, request, case_id):
        case = self.case(CaseAction.EDIT)
        data = self.payload(shapes.CaseIdentityUpdateSerializer)
        identity = Identity(
            **{name: data.get(name, getattr(case, name)) for name in IDENTITY_FIELDS},
            declined_fields=tuple(data.get("declined_fields", case.declined_fields or ())),
        )
        return self.edited(
            lambda: services.case_update_identity(
                actor=request.user,
                case=case,
                version=data["version"],
                identity=identity,
                categories={name: data[name] for name in CATEGORY_FIELDS if name in data},
            ),
            shapes.CaseDetailSerializer,
        )


class CaseClose(CaseAPIView):
    serializer_class = shapes.CaseCloseSerializer

    @extend_schema(
        summary="Close a case, with a reason (the lead advocate or a supervisor)",
        request=shapes.CaseCloseSerializer,
        responses=shapes.CaseDetailSerializer,
    )
    def post(self, request, case_id):
        case = self.case(CaseAction.CLOSE)
        data = self.payload(shapes.CaseCloseSerializer)
        with api_service_errors():
            case = services.case_close(actor=request.user, case=case, reason=data["reason"])
        return Response(shapes.CaseDetailSerializer(case).data)


# Notes ---------------------------------------------------------------------------------------


class CaseNotes(SignedNoteAPI):
    # Case notes: read by whoever may see the case (each note listed is a view of it), written
    # by whoever may write on it; signed by their author.

    note_shape = shapes.NoteSerializer
    addendum_shape = shapes.AddendumSerializer
    create_shape = shapes.NoteWriteSerializer
    conflict_shape = shapes.NoteConflictSerializer
    create_note = staticmethod(services.note_create)
    sign_note = staticmethod(services.note_sign)
    add_addendum = staticmethod(services.note_add_addendum)

    def notes_listed(self):
        return selectors.notes_of(case=self.case_read())

    def shown(self, page: list) -> list:
        # A list that returns note bodies is a view of each note, as opening it would be.
        selectors.notes_viewed(actor=self.request.user, notes=page)
        return page

    def note_shown(self):
        return selectors.note_detail(
            actor=self.request.user, case_id=self.kwargs["case_id"], note_id=self.kwargs["note_id"]
        )

    def case_to_write(self):
        return self.case(CaseAction.EDIT)

    def note_to_write(self):
        return get_or_404(self.case_to_write().notes.all(), self.kwargs["note_id"])


@documented("The case's notes, newest contact first", create="Log a case note")
class NoteList(CaseNotes, SignedNoteList):
    pass


@documented("One note with its addenda (the view is audited)")
class NoteDetail(CaseNotes, SignedNoteDetail):
    @extend_schema(
        summary="Edit an unsigned note; refused with 409 if someone saved first",
        request=shapes.NoteUpdateSerializer,
        responses={200: shapes.NoteSerializer, 409: shapes.NoteConflictSerializer},
    )
    def patch(self, request, case_id, note_id):
        case = self.case(CaseAction.EDIT)
        note = get_or_404(selectors.notes_of(case=case), note_id)
        data = self.payload(shapes.NoteUpdateSerializer)
        version = data.pop("version")
        values = {name: getattr(note, name) for name in shapes.NoteWriteSerializer().fields}
        values.update(data)
        return self.edited(
            lambda: services.note_update(actor=request.user, note=note, version=version, **values),
            shapes.NoteSerializer,
        )


@documented("Sign a note (its author): it is locked, later words go in addenda")
class NoteSign(CaseNotes, SignedNoteSign):
    pass


@documented("Add an addendum to a signed note (the original stays as signed)")
class NoteAddenda(CaseNotes, SignedNoteAddenda):
    pass


# The team ------------------------------------------------------------------------------------


class TeamList(CaseAPIView):
    serializer_class = shapes.TeamMemberSerializer

    @extend_schema(
        summary="The case team, past and present", responses=shapes.TeamMemberSerializer(many=True)
    )
    def get(self, request, case_id):
        # The team of a named case is a read of that case: audited as a view.
        return self.page_of(selectors.case_team(case=self.case_read()), shapes.TeamMemberSerializer)

    @extend_schema(
        summary="Add someone to the team (supervisors)",
        request=shapes.TeamMemberAddSerializer,
        responses={201: shapes.TeamMemberSerializer},
    )
    def post(self, request, case_id):
        case = self.case(CaseAction.MANAGE_TEAM)
        data = self.payload(shapes.TeamMemberAddSerializer)
        person = active_staff(actor=request.user).filter(pk=data["user"]).first()
        if person is None:
            raise serializers.ValidationError({"user": [_("Choose an active member of staff.")]})
        with api_service_errors():
            membership = services.team_member_add(
                actor=request.user,
                case=case,
                user=person,
                team_role=data["team_role"],
                since=data.get("since"),
            )
        return self.created(shapes.TeamMemberSerializer(membership).data)


class TeamEnd(CaseAPIView):
    serializer_class = shapes.TeamMemberSerializer

    @extend_schema(
        summary="End someone's place on the team (supervisors)",
        request=None,
        responses=shapes.TeamMemberSerializer,
    )
    def post(self, request, case_id, membership_id):
        case = self.case(CaseAction.MANAGE_TEAM)
        membership = get_or_404(case.team.select_related("user"), membership_id)
        with api_service_errors():
            membership = services.team_member_end(actor=request.user, membership=membership)
        return Response(shapes.TeamMemberSerializer(membership).data)


# The recovery journey ------------------------------------------------------------------------


class GoalList(CaseAPIView):
    serializer_class = shapes.GoalSerializer

    @extend_schema(
        summary="Goals, in the survivor's own words", responses=shapes.GoalSerializer(many=True)
    )
    def get(self, request, case_id):
        return self.page_of(selectors.goals_of(case=self.case_read()), shapes.GoalSerializer)

    @extend_schema(
        summary="Record a goal in the survivor's own words",
        request=shapes.GoalCreateSerializer,
        responses={201: shapes.GoalSerializer},
    )
    def post(self, request, case_id):
        case = self.case(CaseAction.EDIT)
        data = self.payload(shapes.GoalCreateSerializer)
        with api_service_errors():
            goal = services.goal_create(
                actor=request.user,
                case=case,
                domain=data["domain"],
                own_words=data["own_words"],
                steps=data.get("steps", []),
            )
        return self.created(shapes.GoalSerializer(goal).data)


class GoalDetail(CaseAPIView):
    serializer_class = shapes.GoalSerializer

    @extend_schema(
        summary="Change a goal's status or wording",
        request=shapes.GoalUpdateSerializer,
        responses=shapes.GoalSerializer,
    )
    def patch(self, request, case_id, goal_id):
        case = self.case(CaseAction.EDIT)
        goal = get_or_404(case.goals.all(), goal_id)
        data = self.payload(shapes.GoalUpdateSerializer)
        with api_service_errors():
            goal = services.goal_update(
                actor=request.user,
                goal=goal,
                status=data.get("status", goal.status),
                own_words=data.get("own_words", goal.own_words),
            )
        return Response(shapes.GoalSerializer(goal).data)


class CheckInList(CaseAPIView):
    serializer_class = shapes.CheckInSerializer

    @extend_schema(
        summary="Recovery check-ins, oldest first", responses=shapes.CheckInSerializer(many=True)
    )
    def get(self, request, case_id):
        return self.page_of(selectors.check_ins_of(case=self.case_read()), shapes.CheckInSerializer)

    @extend_schema(
        summary="Record a recovery check-in",
        request=shapes.CheckInCreateSerializer,
        responses={201: shapes.CheckInSerializer},
    )
    def post(self, request, case_id):
        case = self.case(CaseAction.EDIT)
        data = self.payload(shapes.CheckInCreateSerializer)
        with api_service_errors():
            check_in = services.check_in_record(actor=request.user, case=case, **data)
        return self.created(shapes.CheckInSerializer(check_in).data)


class ServiceList(CaseAPIView):
    serializer_class = shapes.ServiceSerializer

    @extend_schema(
        summary="Services provided, newest first", responses=shapes.ServiceSerializer(many=True)
    )
    def get(self, request, case_id):
        return self.page_of(selectors.services_of(case=self.case_read()), shapes.ServiceSerializer)

    @extend_schema(
        summary="Record a service provided",
        request=shapes.ServiceCreateSerializer,
        responses={201: shapes.ServiceSerializer},
    )
    def post(self, request, case_id):
        case = self.case(CaseAction.EDIT)
        data = self.payload(shapes.ServiceCreateSerializer)
        with api_service_errors():
            record = services.service_record(actor=request.user, case=case, **data)
        return self.created(shapes.ServiceSerializer(record).data)
