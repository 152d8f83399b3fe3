"""The clinicians API: the pages' capabilities under the same policy (``clinicians.access``).

A survivor is reached through ``cases.access``: outsiders get 404, insiders without the right
403. Clinical data answers only to clinicians on the case; a psychotherapy note answers 404 to
everyone but its author.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from accounts.roles import CASE_WORKER_ROLES, SUPERVISOR_ROLES
from alongside.service_errors import api_service_errors
from cases.access import CaseAction
from cases.api.base import CaseAPIView
from cases.api.signed_notes import (
    SignedNoteAddenda,
    SignedNoteAPI,
    SignedNoteDetail,
    SignedNoteList,
    SignedNoteSign,
    documented,
)
from clinicians import access, selectors, services
from clinicians.api import serializers as shapes
from clinicians.matching import match_for
from clinicians.measures import INSTRUMENTS
from clinicians.models import SurvivorWishes


class ClinicianAPIView(CaseAPIView):
    def clinical_case(self, *, write: bool = False):
        """The case of the path, for a clinician on it (403 to other insiders)."""
        return access.clinical_case_for(self.request.user, self.kwargs["case_id"], write=write)


# The clinician's own profile and lists --------------------------------------------------------


class MyProfile(ClinicianAPIView):
    serializer_class = shapes.ProfileSerializer

    def _profile(self):
        self.require(access.is_clinician(self.request.user))
        return services.profile_of(self.request.user)

    @extend_schema(summary="Your clinician profile (clinicians)")
    def get(self, request):
        return Response(shapes.ProfileSerializer(self._profile()).data)

    @extend_schema(
        summary="Change your licence, approaches, languages and capacity",
        request=shapes.ProfileWriteSerializer,
        responses={200: shapes.ProfileSerializer, 409: shapes.ProfileConflictSerializer},
    )
    def put(self, request):
        profile = self._profile()
        data = self.payload(shapes.ProfileWriteSerializer)
        names = [name for name in shapes.ProfileWriteSerializer().fields if name != "version"]
        values = {name: data.get(name, getattr(profile, name)) for name in names}
        return self.edited(
            lambda: services.clinician_profile_update(
                actor=request.user, clinician=request.user, version=data["version"], **values
            ),
            shapes.ProfileSerializer,
        )


class MyTrainings(ClinicianAPIView):
    serializer_class = shapes.TrainingSerializer

    @extend_schema(
        summary="Add a trauma-specific training or certification to your profile",
        request=shapes.TrainingWriteSerializer,
        responses={201: shapes.TrainingSerializer},
    )
    def post(self, request):
        self.require(access.is_clinician(request.user))
        data = self.payload(shapes.TrainingWriteSerializer)
        with api_service_errors():
            training = services.clinician_training_add(
                actor=request.user, clinician=request.user, **data
            )
        return self.created(shapes.TrainingSerializer(training).data)


class ClinicianList(ClinicianAPIView):
    serializer_class = shapes.ClinicianListSerializer

    @extend_schema(
        summary="Clinicians, with what they offer (advocates, clinicians, supervisors)",
        responses=shapes.ClinicianListSerializer(many=True),
    )
    def get(self, request):
        self.require(request.user.role in CASE_WORKER_ROLES)
        return self.page_of(selectors.clinicians_listed(actor=request.user), self.serializer_class)


class MySurvivors(ClinicianAPIView):
    serializer_class = shapes.SurvivorRowSerializer

    @extend_schema(
        summary="My survivors: sessions, latest scores with their trend, what is due",
        responses=shapes.SurvivorRowSerializer(many=True),
    )
    def get(self, request):
        self.require(access.is_clinician(request.user))
        return self.page_of(selectors.my_survivors(actor=request.user), self.serializer_class)


class ClinicianOverview(ClinicianAPIView):
    serializer_class = shapes.ClinicianLoadSerializer

    @extend_schema(
        summary="Each clinician's load against capacity, and licences expiring (supervisors)",
        responses=shapes.ClinicianLoadSerializer(many=True),
    )
    def get(self, request):
        self.require(request.user.role in SUPERVISOR_ROLES)
        return self.page_of(
            selectors.clinicians_overview(actor=request.user), self.serializer_class
        )


class AssignmentRequests(ClinicianAPIView):
    serializer_class = shapes.WaitingAssignmentSerializer

    @extend_schema(
        summary="Assignment requests waiting for your decision (supervisors)",
        responses=shapes.WaitingAssignmentSerializer(many=True),
    )
    def get(self, request):
        self.require(request.user.role in SUPERVISOR_ROLES)
        return self.page_of(selectors.pending_requests(actor=request.user), self.serializer_class)


# A survivor's wishes, matches and assignments ------------------------------------------------


class Wishes(ClinicianAPIView):
    serializer_class = shapes.WishesSerializer

    @extend_schema(summary="What the survivor asks of a clinician, in their words")
    def get(self, request, case_id):
        case = self.case()
        wishes = selectors.wishes_of(case=case) or SurvivorWishes(case=case, version=0)
        return Response(shapes.WishesSerializer(wishes).data)

    @extend_schema(
        summary="Record the survivor's wishes; refused with 409 if someone saved first",
        request=shapes.WishesWriteSerializer,
        responses={200: shapes.WishesSerializer, 409: shapes.WishesConflictSerializer},
    )
    def put(self, request, case_id):
        case = self.case(CaseAction.EDIT)
        data = self.payload(shapes.WishesWriteSerializer)
        return self.edited(
            lambda: services.wishes_update(actor=request.user, case=case, **data),
            shapes.WishesSerializer,
        )


class Matches(ClinicianAPIView):
    serializer_class = shapes.MatchListSerializer

    @extend_schema(
        summary="Clinicians ranked on the survivor's wishes, each with the reasons for their place"
    )
    def get(self, request, case_id):
        case = self.case()
        self.require(
            access.may_request_assignment(request.user, case)
            or access.may_decide_assignment(request.user, case)
        )
        return Response(shapes.MatchListSerializer(match_for(case=case)).data)


class AssignmentList(ClinicianAPIView):
    serializer_class = shapes.AssignmentSerializer

    @extend_schema(
        summary="The survivor's history of clinicians",
        responses=shapes.AssignmentSerializer(many=True),
    )
    def get(self, request, case_id):
        return self.page_of(selectors.assignments_of(case=self.case()), self.serializer_class)

    @extend_schema(
        summary="Ask for a clinician (advocates and supervisors on the case)",
        request=shapes.AssignmentRequestSerializer,
        responses={201: shapes.AssignmentSerializer},
    )
    def post(self, request, case_id):
        case = self.case()
        self.require(access.may_request_assignment(request.user, case))
        data = self.payload(shapes.AssignmentRequestSerializer)
        clinician = selectors.clinician_to_ask_for(
            actor=request.user, clinician_id=data["clinician"]
        )
        if clinician is None:
            raise serializers.ValidationError({"clinician": [_("Choose a clinician.")]})
        with api_service_errors():
            assignment = services.assignment_request(
                actor=request.user,
                case=case,
                clinician=clinician,
                override_reason=data.get("override_reason", ""),
            )
        return self.created(shapes.AssignmentSerializer(assignment).data)


class _AssignmentStep(ClinicianAPIView):
    serializer_class = shapes.AssignmentSerializer

    def assignment(self):
        return selectors.assignment_for(
            actor=self.request.user,
            case_id=self.kwargs["case_id"],
            assignment_id=self.kwargs["assignment_id"],
        )


class AssignmentApprove(_AssignmentStep):
    @extend_schema(
        summary="Approve a request: the clinician joins the case team (the program's supervisor)",
        request=None,
        responses=shapes.AssignmentSerializer,
    )
    def post(self, request, case_id, assignment_id):
        assignment = self.assignment()
        self.require(access.may_decide_assignment(request.user, assignment.case))
        with api_service_errors():
            assignment = services.assignment_approve(actor=request.user, assignment=assignment)
        return Response(shapes.AssignmentSerializer(assignment).data)


class AssignmentDecline(_AssignmentStep):
    @extend_schema(
        summary="Decline a request (the program's supervisor)",
        request=shapes.AssignmentDeclineSerializer,
        responses=shapes.AssignmentSerializer,
    )
    def post(self, request, case_id, assignment_id):
        assignment = self.assignment()
        self.require(access.may_decide_assignment(request.user, assignment.case))
        data = self.payload(shapes.AssignmentDeclineSerializer)
        with api_service_errors():
            assignment = services.assignment_decline(
                actor=request.user, assignment=assignment, reason=data.get("reason", "")
            )
        return Response(shapes.AssignmentSerializer(assignment).data)


class AssignmentEnd(_AssignmentStep):
    @extend_schema(
        summary="End an assignment with a reason: the clinician leaves the case team",
        request=shapes.AssignmentEndSerializer,
        responses=shapes.AssignmentSerializer,
    )
    def post(self, request, case_id, assignment_id):
        assignment = self.assignment()
        self.require(access.may_end_assignment(request.user, assignment))
        data = self.payload(shapes.AssignmentEndSerializer)
        with api_service_errors():
            assignment = services.assignment_end(
                actor=request.user,
                assignment=assignment,
                reason=data["reason"],
                note=data.get("note", ""),
            )
        return Response(shapes.AssignmentSerializer(assignment).data)


class AssignmentSchedule(_AssignmentStep):
    @extend_schema(
        summary="Set how often a measure is due in this assignment (every so many sessions)",
        request=shapes.ScheduleWriteSerializer,
        responses=shapes.AssignmentSerializer,
    )
    def put(self, request, case_id, assignment_id):
        assignment = self.assignment()
        self.require(
            access.may_decide_assignment(request.user, assignment.case)
            or assignment.clinician_id == request.user.pk
        )
        data = self.payload(shapes.ScheduleWriteSerializer)
        with api_service_errors():
            services.measure_schedule_set(actor=request.user, assignment=assignment, **data)
        return Response(shapes.AssignmentSerializer(self.assignment()).data)


# Sessions ------------------------------------------------------------------------------------


class SessionRecord(ClinicianAPIView):
    serializer_class = shapes.SessionWriteSerializer

    @extend_schema(
        summary="Record a session, individual or group (clinicians)",
        request=shapes.SessionWriteSerializer,
        responses={201: shapes.SessionRecordedSerializer},
    )
    def post(self, request):
        self.require(access.is_clinician(request.user))
        data = self.payload(shapes.SessionWriteSerializer)
        participants = {}
        for participant in data.pop("participants"):
            if str(participant["case"]) in participants:
                raise serializers.ValidationError({"participants": [_("Name each survivor once.")]})
            participants[str(participant["case"])] = participant["attendance"]
        with api_service_errors():
            session = services.session_record(actor=request.user, participants=participants, **data)
        body = {"id": session.pk, "held_on": session.held_on, "participants": len(participants)}
        return self.created(shapes.SessionRecordedSerializer(body).data)


class SessionList(ClinicianAPIView):
    serializer_class = shapes.ParticipationSerializer

    @extend_schema(
        summary="The survivor's sessions (their own participation only)",
        responses=shapes.ParticipationSerializer(many=True),
    )
    def get(self, request, case_id):
        return self.page_of(selectors.sessions_of(case=self.case()), self.serializer_class)


# Clinical notes ------------------------------------------------------------------------------


class ClinicalNotes(ClinicianAPIView, SignedNoteAPI):
    # Clinical notes: read and written by clinicians on the case.

    note_shape = shapes.ClinicalNoteSerializer
    addendum_shape = shapes.ClinicalAddendumSerializer
    create_shape = shapes.ClinicalNoteWriteSerializer
    conflict_shape = shapes.ClinicalNoteConflictSerializer
    create_note = staticmethod(services.clinical_note_create)
    sign_note = staticmethod(services.clinical_note_sign)
    add_addendum = staticmethod(services.clinical_note_addendum)

    def notes_listed(self):
        return selectors.clinical_notes_of(case=self.clinical_case())

    def note_shown(self):
        return selectors.clinical_note_detail(
            actor=self.request.user, case_id=self.kwargs["case_id"], note_id=self.kwargs["note_id"]
        )

    def case_to_write(self):
        return self.clinical_case(write=True)

    def note_to_write(self):
        return selectors.clinical_note_to_write(
            actor=self.request.user, case_id=self.kwargs["case_id"], note_id=self.kwargs["note_id"]
        )


@documented("Clinical notes (clinicians on the case)", create="Write a clinical note")
class ClinicalNoteList(ClinicalNotes, SignedNoteList):
    pass


@documented("One clinical note with its addenda (the view is audited)")
class ClinicalNoteDetail(ClinicalNotes, SignedNoteDetail):
    pass


@documented("Sign a clinical note (its author); later words go in addenda")
class ClinicalNoteSign(ClinicalNotes, SignedNoteSign):
    pass


@documented("Add an addendum to a signed clinical note")
class ClinicalNoteAddenda(ClinicalNotes, SignedNoteAddenda):
    pass


# Psychotherapy notes: the author's alone -----------------------------------------------------


class PsychotherapyNotes(ClinicianAPIView, SignedNoteAPI):
    # Psychotherapy notes: each answers 404 to everyone but its author, whoever they are
    # (``clinicians.access.psychotherapy_note_for``).

    note_shape = shapes.PsychotherapyNoteSerializer
    addendum_shape = shapes.PsychotherapyAddendumSerializer
    create_shape = shapes.ClinicalNoteWriteSerializer
    conflict_shape = shapes.PsychotherapyNoteConflictSerializer
    create_note = staticmethod(services.psychotherapy_note_create)
    sign_note = staticmethod(services.psychotherapy_note_sign)
    add_addendum = staticmethod(services.psychotherapy_note_addendum)

    def notes_listed(self):
        return selectors.psychotherapy_notes_for(actor=self.request.user, case=self.clinical_case())

    def note_shown(self):
        return selectors.psychotherapy_note_detail(
            actor=self.request.user, case_id=self.kwargs["case_id"], note_id=self.kwargs["note_id"]
        )

    def case_to_write(self):
        return self.clinical_case(write=True)

    def note_to_write(self):
        return selectors.psychotherapy_note_to_write(
            actor=self.request.user, case_id=self.kwargs["case_id"], note_id=self.kwargs["note_id"]
        )


@documented(
    "Your own psychotherapy notes on this survivor (nobody else's, ever)",
    create="Write a psychotherapy note (kept apart from the record; only you can read it)",
)
class PsychotherapyNoteList(PsychotherapyNotes, SignedNoteList):
    pass


@documented("One of your psychotherapy notes (404 to everyone else)")
class PsychotherapyNoteDetail(PsychotherapyNotes, SignedNoteDetail):
    pass


@documented("Sign one of your psychotherapy notes")
class PsychotherapyNoteSign(PsychotherapyNotes, SignedNoteSign):
    pass


@documented("Add an addendum to one of your signed psychotherapy notes")
class PsychotherapyNoteAddenda(PsychotherapyNotes, SignedNoteAddenda):
    pass


# Measures ------------------------------------------------------------------------------------


class MeasureList(ClinicianAPIView):
    serializer_class = shapes.MeasureSerializer

    @extend_schema(
        summary="Outcome measures given, newest first (clinicians on the case)",
        responses=shapes.MeasureSerializer(many=True),
    )
    def get(self, request, case_id):
        measures = selectors.measures_of(case=self.clinical_case()).defer("answers")
        return self.page_of(measures, self.serializer_class)

    @extend_schema(
        summary="Record a questionnaire; the server scores it",
        request=shapes.MeasureWriteSerializer,
        responses={201: shapes.MeasureSerializer},
    )
    def post(self, request, case_id):
        case = self.clinical_case(write=True)
        data = self.payload(shapes.MeasureWriteSerializer)
        with api_service_errors():
            administration = services.measure_record(actor=request.user, case=case, **data)
        return self.created(shapes.MeasureSerializer(administration).data)


class MeasureDetail(ClinicianAPIView):
    serializer_class = shapes.MeasureDetailSerializer

    @extend_schema(summary="One questionnaire with its item answers (the view is audited)")
    def get(self, request, case_id, administration_id):
        administration = selectors.measure_detail(
            actor=request.user, case_id=case_id, administration_id=administration_id
        )
        return Response(shapes.MeasureDetailSerializer(administration).data)


class Progress(ClinicianAPIView):
    serializer_class = shapes.ProgressPointSerializer

    @extend_schema(
        summary="A measure's totals over time, with meaningful changes marked",
        responses=shapes.ProgressPointSerializer(many=True),
    )
    def get(self, request, case_id, instrument):
        case = self.clinical_case()
        if instrument not in INSTRUMENTS:
            raise Http404
        series = selectors.progress_series(case=case, instrument=instrument)
        return Response(shapes.ProgressPointSerializer(series, many=True).data)
