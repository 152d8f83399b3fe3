"""Signed notes in the API: the shapes and the endpoints every kind shares.

A kind of signed note (case notes here, clinical and psychotherapy notes in ``clinicians``)
extends ``SignedNoteAPI`` once, saying how its notes are reached (for reading and for writing,
with its own access rules) and written (its services), and which serializers show them. Its
endpoints are then the four generic views below, each named and documented by the kind:

    @documented("Sign a clinical note (its author); later words go in addenda")
    class ClinicalNoteSign(ClinicalNotes, SignedNoteSign):
        pass

- ``SignedNoteList``: GET a page of the case's notes, POST a new one (201);
- ``SignedNoteDetail``: GET one note with its addenda (the view is audited);
- ``SignedNoteSign``: POST the version read; the author signs (409 with the note as it is now
  if someone saved first);
- ``SignedNoteAddenda``: POST an addendum to a signed note (201).
"""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from alongside.api import DecryptedTextField, StrictCharField, text_field
from alongside.service_errors import api_service_errors
from cases.api.base import CaseAPIView

# Shapes ----------------------------------------------------------------------------------------


class SignedNoteAddendumSerializer(serializers.ModelSerializer):
    # An addendum as read: a kind's serializer names its model (``Meta.model``).

    body = DecryptedTextField()
    author = serializers.UUIDField(source="author_id", read_only=True)

    class Meta:
        fields = ["id", "body", "author", "created_at"]
        read_only_fields = fields


class SignedNoteSerializer(serializers.ModelSerializer):
    # A note as read: a kind's serializer names its model and fields, and its ``addenda``.

    body = DecryptedTextField()
    author = serializers.UUIDField(source="author_id", read_only=True)
    author_name = serializers.CharField(source="author.full_name", read_only=True)

    class Meta:
        fields = ["id", "body", "author", "author_name", "created_at", "signed_at", "version"]
        read_only_fields = fields


def note_text() -> StrictCharField:
    """A note's or an addendum's text: required, not blank."""
    return text_field(required=True, allow_blank=False)


class NoteSignSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class AddendumWriteSerializer(serializers.Serializer):
    body = note_text()


# Endpoints -------------------------------------------------------------------------------------


class SignedNoteAPI(CaseAPIView):
    # One kind of signed note: how its notes are reached and written, and how they read.
    #
    # ``note_shape`` and ``addendum_shape`` show a note and an addendum; ``create_shape`` is the
    # body of a create. The methods reach notes through the kind's own access rules (404 for
    # outsiders, 403 for insiders without the right); the services write them.

    note_shape: type[serializers.Serializer]
    addendum_shape: type[serializers.Serializer]
    create_shape: type[serializers.Serializer]
    conflict_shape: type[serializers.Serializer]  # the 409 answer: the note as it is now

    def get_serializer_class(self):
        return self.note_shape

    def notes_listed(self):
        """The case's notes this reader sees, for a page of them."""
        raise NotImplementedError

    def note_shown(self):
        """The note of the path, to show (the view is audited)."""
        raise NotImplementedError

    def case_to_write(self):
        """The case of the path, to write a note on."""
        raise NotImplementedError

    def note_to_write(self):
        """The note of the path, to sign or add to."""
        raise NotImplementedError

    # The kind's services, as ``staticmethod(...)``: ``create_note(actor=, case=, **data)``,
    # ``sign_note(actor=, note=, version=)``, ``add_addendum(actor=, note=, body=)``.
    create_note: Callable
    sign_note: Callable
    add_addendum: Callable


class SignedNoteList(SignedNoteAPI):
    def get(self, request, case_id):
        return self.page_of(self.notes_listed(), self.note_shape)

    def post(self, request, case_id):
        case = self.case_to_write()
        data = self.payload(self.create_shape)
        with api_service_errors():
            note = self.create_note(actor=request.user, case=case, **data)
        return self.created(self.note_shape(note).data)


class SignedNoteDetail(SignedNoteAPI):
    def get(self, request, case_id, note_id):
        return Response(self.note_shape(self.note_shown()).data)


class SignedNoteSign(SignedNoteAPI):
    def get_serializer_class(self):
        return NoteSignSerializer

    def post(self, request, case_id, note_id):
        note = self.note_to_write()
        data = self.payload(NoteSignSerializer)
        return self.edited(
            lambda: self.sign_note(actor=request.user, note=note, version=data["version"]),
            self.note_shape,
        )


class SignedNoteAddenda(SignedNoteAPI):
    def get_serializer_class(self):
        return AddendumWriteSerializer

    def post(self, request, case_id, note_id):
        note = self.note_to_write()
        data = self.payload(AddendumWriteSerializer)
        with api_service_errors():
            addendum = self.add_addendum(actor=request.user, note=note, body=data["body"])
        return self.created(self.addendum_shape(addendum).data)


def documented(summary: str, *, create: str = ""):
    """The schema of a kind's endpoint, from the kind's shapes: ``summary`` of the operation
    (of the GET, for a list, whose POST is ``create``)."""

    def decorate(view):
        if issubclass(view, SignedNoteList):
            operations = {
                "get": extend_schema(summary=summary, responses=view.note_shape(many=True)),
                "post": extend_schema(
                    summary=create,
                    request=view.create_shape,
                    responses={201: view.note_shape},
                ),
            }
        elif issubclass(view, SignedNoteDetail):
            operations = {"get": extend_schema(summary=summary)}
        elif issubclass(view, SignedNoteSign):
            operations = {
                "post": extend_schema(
                    summary=summary,
                    request=NoteSignSerializer,
                    responses={200: view.note_shape, 409: view.conflict_shape},
                )
            }
        else:
            operations = {
                "post": extend_schema(
                    summary=summary,
                    request=AddendumWriteSerializer,
                    responses={201: view.addendum_shape},
                )
            }
        return extend_schema_view(**operations)(view)

    return decorate
