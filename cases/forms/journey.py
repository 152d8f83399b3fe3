"""Engagement and the recovery journey: outreach, appointments, stage, goals, check-ins."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.choices import (
    AppointmentOutcome,
    ContactMethod,
    GoalDomain,
    GoalStatus,
    OutreachOutcome,
    RecoveryDomain,
    ServiceCategory,
    Stage,
)
from cases.forms.fields import TOO_LONG, choice_field, day_field, text_field, when_field
from cases.services import MAX_TEXT


class OutreachForm(forms.Form):
    attempted_at = when_field(_("When"))
    method = choice_field(
        _("Method"),
        [choice for choice in ContactMethod.choices if choice[0] != ContactMethod.NONE],
        initial=ContactMethod.PHONE,
    )
    outcome = choice_field(_("Outcome"), OutreachOutcome.choices)
    note = text_field(_("Note"))


class AppointmentForm(forms.Form):
    scheduled_for = when_field(_("Scheduled for"))
    outcome = choice_field(
        _("Outcome"),
        AppointmentOutcome.choices,
        help_text=_(
            "An appointment the survivor did not attend is recorded and changes nothing "
            "else about the case."
        ),
    )
    purpose = text_field(_("Purpose"), rows=2)


class StageForm(forms.Form):
    stage = choice_field(
        _("Stage of change"), [("", _("No change of stage")), *Stage.choices], required=False
    )
    is_recurrence = forms.BooleanField(
        label=_("Record a recurrence"),
        required=False,
        help_text=_("A recurrence is an event on the journey, not a failure."),
    )
    occurred_on = day_field(_("Date"))
    note = text_field(_("Note"), rows=2)


class GoalForm(forms.Form):
    domain = choice_field(_("Area of life"), GoalDomain.choices)
    own_words = text_field(_("The goal, in the survivor's own words"), required=True, rows=3)
    steps = text_field(_("Steps"), rows=4, help_text=_("One step per line."))

    def clean_steps(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]


class GoalEditForm(forms.Form):
    own_words = text_field(_("The goal, in the survivor's own words"), required=True, rows=3)
    status = choice_field(_("Status"), GoalStatus.choices)


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

    checked_on = day_field(_("Date"))
    note = text_field(_("Note"), rows=2)

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
    category = choice_field(_("Service"), ServiceCategory.choices)
    provided_on = day_field(_("Date"))
    note = text_field(_("Note"), rows=2)
