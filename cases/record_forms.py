"""Forms for what is recorded on a case. They check shape; the services check the rules.

Field names match the keyword arguments of the services, so a ``ValidationError`` raised by a
service lands on the field it is about.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.choices import (
    AppointmentOutcome,
    ContactMethod,
    GoalDomain,
    GoalStatus,
    NoteKind,
    OutreachOutcome,
    RecoveryDomain,
    ServiceCategory,
    Stage,
)
from cases.services import MAX_TEXT

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
CHOICE_MESSAGE = _("Choose one of the listed options.")
TOO_LONG = _("Keep this under %(limit_value)d characters (it has %(show_value)d).")


def _now_local() -> str:
    return timezone.localtime().strftime(DATETIME_FORMAT)


def _when(label):
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(format=DATETIME_FORMAT, attrs={"type": "datetime-local"}),
        initial=_now_local,
        error_messages={"invalid": _("Enter a date and time, like 2025-03-14 09:30.")},
    )


def _day(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )


def _choice(label, choices, **kwargs):
    return forms.ChoiceField(
        label=label, choices=choices, error_messages={"invalid_choice": CHOICE_MESSAGE}, **kwargs
    )


def _text(label, *, required=False, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )


class NoteForm(forms.Form):
    """The quick note: type, when, how, how long, what happened. In that order, by keyboard."""

    kind = _choice(_("Type of note"), NoteKind.choices, initial=NoteKind.CONTACT)
    contact_at = _when(_("Date and time of contact"))
    method = _choice(_("Method"), ContactMethod.choices, initial=ContactMethod.IN_PERSON)
    duration_minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        error_messages={
            "min_value": _("Enter minutes between 0 and 1440."),
            "max_value": _("Enter minutes between 0 and 1440."),
            "invalid": _("Enter a whole number of minutes."),
        },
    )
    body = _text(
        _("Note"),
        required=True,
        rows=5,
        help_text=_("Ctrl+Enter saves. Write what happened, in plain and respectful words."),
    )


class NoteEditForm(NoteForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AddendumForm(forms.Form):
    body = _text(_("Addendum"), required=True, rows=4)


class OutreachForm(forms.Form):
    attempted_at = _when(_("When"))
    method = _choice(
        _("Method"),
        [choice for choice in ContactMethod.choices if choice[0] != ContactMethod.NONE],
        initial=ContactMethod.PHONE,
    )
    outcome = _choice(_("Outcome"), OutreachOutcome.choices)
    note = _text(_("Note"))


class AppointmentForm(forms.Form):
    scheduled_for = _when(_("Scheduled for"))
    outcome = _choice(
        _("Outcome"),
        AppointmentOutcome.choices,
        help_text=_("A missed appointment is recorded and changes nothing else about the case."),
    )
    purpose = _text(_("Purpose"), rows=2)


class StageForm(forms.Form):
    stage = _choice(
        _("Stage of change"), [("", _("No change of stage")), *Stage.choices], required=False
    )
    is_recurrence = forms.BooleanField(
        label=_("Record a recurrence"),
        required=False,
        help_text=_("A recurrence is an event on the journey, not a failure."),
    )
    occurred_on = _day(_("Date"))
    note = _text(_("Note"), rows=2)


class GoalForm(forms.Form):
    domain = _choice(_("Area of life"), GoalDomain.choices)
    own_words = _text(_("The goal, in the survivor's own words"), required=True, rows=3)
    steps = _text(_("Steps"), rows=4, help_text=_("One step per line."))

    def clean_steps(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]


class GoalEditForm(forms.Form):
    own_words = _text(_("The goal, in the survivor's own words"), required=True, rows=3)
    status = _choice(_("Status"), GoalStatus.choices)


class GoalStepForm(forms.Form):
    text = forms.CharField(
        label=_("New step"), max_length=MAX_TEXT, error_messages={"max_length": TOO_LONG}
    )


class GoalStepDoneForm(forms.Form):
    done = forms.BooleanField(required=False)


RATING_CHOICES = [
    ("", _("Skip")),
    ("1", _("1 (not yet)")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 (strong)")),
]


class CheckInForm(forms.Form):
    """Ratings 1–5 over the recovery domains; any domain may be skipped."""

    checked_on = _day(_("Date"))
    note = _text(_("Note"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for domain in RecoveryDomain:
            self.fields[domain.value] = forms.TypedChoiceField(
                label=domain.label,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial="",
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Rate from 1 to 5, or skip this one.")},
            )

    def rating_fields(self):
        return [self[domain.value] for domain in RecoveryDomain]

    def ratings(self) -> dict[str, int | None]:
        return {domain.value: self.cleaned_data.get(domain.value) for domain in RecoveryDomain}


class ServiceForm(forms.Form):
    category = _choice(_("Service"), ServiceCategory.choices)
    provided_on = _day(_("Date"))
    note = _text(_("Note"), rows=2)
