"""The clinicians' forms: shape and field-level messages; the services hold the rules that
span objects (capacity, licences, wishes, who may be in a group)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.form_fields import CHOICE_MESSAGE, choice_field, day_field, text_field
from clinicians.choices import (
    AssignmentEndReason,
    Attendance,
    ClinicianGender,
    LicenceType,
    Modality,
    SessionFormat,
    TrainingKind,
)
from clinicians.item_texts import ANSWERS, ITEMS, STEMS
from clinicians.measures import DECLINED, INSTRUMENTS, InstrumentCode
from clinicians.services import MAX_SESSION_MINUTES

NOT_IN_SESSION = ""
ATTENDANCE_PREFIX = "attendance_"


def _optional_day(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )


def _modalities(label, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=Modality.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": CHOICE_MESSAGE},
    )


class SessionForm(forms.Form):
    """A session with one survivor or several: an attendance choice for each survivor on the
    clinician's caseload ("not in this session" by default). Only those survivors are offered;
    an attendance sent for anyone else is refused, not ignored."""

    held_on = day_field(_("Date of the session"))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=1,
        max_value=MAX_SESSION_MINUTES,
        initial=50,
        error_messages={
            "invalid": _("Enter the length in whole minutes."),
            "min_value": _("Enter minutes between 1 and %(limit_value)s."),
            "max_value": _("Enter minutes between 1 and %(limit_value)s."),
        },
    )
    modality = choice_field(_("Approach"), [("", _("Choose an approach")), *Modality.choices])
    format = choice_field(
        _("Individual or group"),
        SessionFormat.choices,
        widget=forms.RadioSelect,
        initial=SessionFormat.INDIVIDUAL,
    )

    def __init__(self, *args, survivors, preselected=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survivors = survivors
        for case in survivors:
            self.fields[f"{ATTENDANCE_PREFIX}{case.pk}"] = choice_field(
                case.preferred_name or case.number,
                [(NOT_IN_SESSION, _("Not in this session")), *Attendance.choices],
                required=False,
                initial=Attendance.ATTENDED if case.pk == preselected else NOT_IN_SESSION,
            )

    def attendance_fields(self):
        return [(case, self[f"{ATTENDANCE_PREFIX}{case.pk}"]) for case in self.survivors]

    def clean(self):
        cleaned = super().clean()
        offered = {f"{ATTENDANCE_PREFIX}{case.pk}" for case in self.survivors}
        if self.data and any(
            key.startswith(ATTENDANCE_PREFIX) and key not in offered for key in self.data
        ):
            # Never which one: that would say whether a survivor outside the caseload exists.
            raise forms.ValidationError(_("A survivor in this session is not on your caseload."))
        participants = self.participants()
        if not participants:
            raise forms.ValidationError(_("Choose the survivor (or survivors) in this session."))
        return cleaned

    def participants(self) -> dict[str, str]:
        return {
            str(case.pk): self.cleaned_data.get(f"{ATTENDANCE_PREFIX}{case.pk}")
            for case in self.survivors
            if self.cleaned_data.get(f"{ATTENDANCE_PREFIX}{case.pk}")
        }


class NoteForm(forms.Form):
    body = text_field(_("Note"), required=True, rows=8)


class AddendumForm(forms.Form):
    body = text_field(_("Addendum"), required=True, rows=4)


class NoteEditForm(NoteForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeasureForm(forms.Form):
    """One radio group per item, in the instrument's order, each with "declined". An item left
    unanswered is refused unless the survivor stopped ("Stop here"), when every item left is
    kept as missing — apart from declined."""

    administered_on = day_field(_("Date filled in"))

    def __init__(self, *args, instrument: str, stopping: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = INSTRUMENTS[instrument]
        self.stem = STEMS[instrument]
        self.stopping = stopping
        answers = [(str(value), f"{value} · {label}") for value, label in ANSWERS[instrument]]
        answers.append((DECLINED, _("Declined to answer")))
        for number, text in enumerate(ITEMS[instrument], start=1):
            self.fields[f"item_{number}"] = forms.ChoiceField(
                label=text,
                choices=answers,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _(
                        "Choose one of the answers, or declined (answers run from 0 to %(max)d)."
                    )
                    % {"max": self.instrument.item_max}
                },
            )

    def item_fields(self):
        return [(number, self[f"item_{number}"]) for number in range(1, self.instrument.items + 1)]

    def clean(self):
        cleaned = super().clean()
        if self.stopping:
            return cleaned
        for number in range(1, self.instrument.items + 1):
            name = f"item_{number}"
            if name not in self.errors and not cleaned.get(name):
                self.add_error(
                    name,
                    _(
                        "Choose an answer or “declined”, or use “Stop here” to keep this and "
                        "the rest as not asked."
                    ),
                )
        return cleaned

    def answers(self) -> list:
        values = []
        for number in range(1, self.instrument.items + 1):
            value = self.cleaned_data.get(f"item_{number}")
            if value == DECLINED:
                values.append(DECLINED)
            elif value in (None, ""):
                values.append(None)
            else:
                values.append(int(value))
        return values


class WishesForm(forms.Form):
    in_own_words = text_field(
        _("In the survivor's own words"),
        rows=4,
        help_text=_("Write what they said, as they said it. It is shown as their words."),
    )
    language = forms.CharField(
        label=_("Language for therapy"),
        required=False,
        max_length=40,
        help_text=_("For example: spanish. Leave empty if any language is fine."),
    )
    interpreter_ok = forms.BooleanField(label=_("An interpreter is acceptable"), required=False)
    clinician_gender = choice_field(
        _("Clinician's gender"),
        [("", _("No wish"))] + [c for c in ClinicianGender.choices if c[0] != "declined"],
        required=False,
    )
    modalities_wanted = _modalities(_("Approaches wanted"))
    modalities_not_wanted = _modalities(_("Approaches not wanted"))
    times = text_field(_("Times that work"), rows=2)
    clinicians_not_to_see = forms.MultipleChoiceField(
        label=_("Clinicians the survivor does not want to see"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Never shown to the clinicians themselves; matching leaves them out."),
        error_messages={"invalid_choice": _("Choose people from the list.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, clinicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinicians_not_to_see"].choices = [
            (str(person.pk), person.full_name) for person in clinicians
        ]


class AssignmentRequestForm(forms.Form):
    clinician = forms.ChoiceField(
        label=_("Clinician"), error_messages={"invalid_choice": _("Choose a clinician.")}
    )
    override_reason = text_field(
        _("Reason to ask for this clinician anyway"),
        rows=2,
        help_text=_("Needed for someone over capacity, not accepting or without a licence."),
    )

    def __init__(self, *args, clinicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].choices = [(str(c.pk), c.full_name) for c in clinicians]


class DeclineForm(forms.Form):
    reason = text_field(_("Reason for declining"), rows=2)


class EndForm(forms.Form):
    reason = choice_field(
        _("Reason for ending"), [("", _("Choose a reason")), *AssignmentEndReason.choices]
    )
    note = text_field(_("Note on ending"), rows=2)


class ScheduleForm(forms.Form):
    instrument = choice_field(_("Measure"), InstrumentCode.choices)
    every_sessions = forms.IntegerField(
        label=_("Every how many sessions"),
        required=False,
        min_value=1,
        max_value=52,
        help_text=_("Leave empty to stop scheduling this measure."),
        error_messages={
            "invalid": _("Enter a whole number of sessions."),
            "min_value": _("Enter a number of sessions from 1 to 52."),
            "max_value": _("Enter a number of sessions from 1 to 52."),
        },
    )


class ProfileForm(forms.Form):
    licence_type = choice_field(
        _("Licence type"), [("", _("No licence recorded")), *LicenceType.choices], required=False
    )
    licence_number = forms.CharField(label=_("Licence number"), max_length=60, required=False)
    licence_jurisdiction = forms.CharField(label=_("Jurisdiction"), max_length=80, required=False)
    licence_issued_on = _optional_day(_("Licence issued"))
    licence_expires_on = _optional_day(_("Licence expires"))
    modalities = _modalities(_("Approaches you offer"))
    languages = forms.CharField(
        label=_("Languages you work in"),
        required=False,
        max_length=400,
        help_text=_("Separate them with commas, for example: english, spanish."),
    )
    gender = choice_field(
        _("Your gender (optional, for survivors who ask)"),
        [("", _("Not given")), *ClinicianGender.choices],
        required=False,
    )
    caseload_capacity = forms.IntegerField(
        label=_("Caseload capacity"),
        min_value=0,
        max_value=200,
        error_messages={
            "invalid": _("Enter a whole number."),
            "min_value": _("Enter a caseload between 0 and 200."),
            "max_value": _("Enter a caseload between 0 and 200."),
        },
    )
    accepting_new = forms.BooleanField(label=_("Accepting new survivors"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_languages(self):
        return [part.strip() for part in self.cleaned_data["languages"].split(",") if part.strip()]

    def clean(self):
        cleaned = super().clean()
        issued, expires = cleaned.get("licence_issued_on"), cleaned.get("licence_expires_on")
        if issued and expires and expires < issued:
            self.add_error(
                "licence_expires_on", _("The licence cannot expire before it was issued.")
            )
        return cleaned


class TrainingForm(forms.Form):
    kind = choice_field(_("Kind"), TrainingKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    modality = choice_field(
        _("Approach it prepares for"),
        [("", _("None in particular")), *Modality.choices],
        required=False,
    )
    completed_on = day_field(_("Completed"))
    expires_on = _optional_day(_("Expires"))
