"""The referral pages' forms. They check shape and give field messages; every rule that spans
objects (a service that takes no referrals, a category the survivor's consent does not cover, a
step the other side owns, a decline without a reason) is the services' to check, and their
messages land on these fields through ``alongside.service_errors.form_add_service_errors``.

Choices are restricted to what the person may pick (STYLE habit 5): the partner services of the
directory the person reads, the organization's own programs, and, on the step form, only the
steps the table in ``referrals.transitions`` gives the person's side from the referral's state.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.form_fields import CHOICE_MESSAGE, choice_field, day_field, text_field
from consent.choices import DataCategory, Purpose
from directory.models import Organization
from directory.selectors import organizations_for
from referrals.choices import DeclineReason, Outcome, ReferralStatus, Urgency
from referrals.selectors import referral_targets

# What the person sees on the step buttons, by the state a step moves the referral to.
STEP_LABELS = {
    ReferralStatus.RECEIVED: _("Acknowledge: we have it"),
    ReferralStatus.ACCEPTED: _("Accept"),
    ReferralStatus.DECLINED: _("Decline"),
    ReferralStatus.IN_SERVICE: _("Service has started"),
    ReferralStatus.COMPLETED: _("Completed"),
    ReferralStatus.CLOSED: _("Close without completing"),
    ReferralStatus.WITHDRAWN: _("Withdraw the referral"),
}
# The purposes a referral is made for (law enforcement is never a referral's purpose).
REFERRAL_PURPOSES = [
    (value, label) for value, label in Purpose.choices if value != Purpose.LAW_ENFORCEMENT
]


def target_value(*, service=None, program=None) -> str:
    """A target as the one form value that names it: ``service:<id>`` or ``program:<id>``."""
    if service is not None:
        return f"service:{service.pk}"
    return f"program:{program.pk}" if program is not None else ""


class TargetForm(forms.Form):
    """Step one of sending: where the referral goes and what for. Read from the query string,
    so the preview is a plain GET that can be reloaded (it writes nothing; the selector audits
    the consent decision it shows)."""

    to = forms.CharField(
        label=_("Refer to"), error_messages={"required": _("Choose a service or a program.")}
    )
    purpose = choice_field(_("What for"), REFERRAL_PURPOSES, initial=Purpose.REFERRAL)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        services, programs = referral_targets(actor=actor)
        self.services = {str(service.pk): service for service in services}
        self.programs = {str(program.pk): program for program in programs}

    def clean_to(self) -> dict:
        kind, _sep, pk = self.cleaned_data["to"].partition(":")
        if kind == "service" and pk in self.services:
            return {"service": self.services[pk], "program": None}
        if kind == "program" and pk in self.programs:
            return {"service": None, "program": self.programs[pk]}
        raise forms.ValidationError(CHOICE_MESSAGE)

    def target(self) -> dict:
        return self.cleaned_data["to"]


class SendForm(forms.Form):
    """Step two: what goes (among what the survivor's consent permits), how soon, and a note."""

    to = forms.CharField(widget=forms.HiddenInput)
    purpose = forms.CharField(widget=forms.HiddenInput)
    categories = forms.MultipleChoiceField(
        label=_("What goes to them"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": CHOICE_MESSAGE},
    )
    urgency = choice_field(
        _("How soon"), Urgency.choices, initial=Urgency.ROUTINE, widget=forms.RadioSelect
    )
    note = text_field(
        _("A note for them"),
        rows=2,
        help_text=_("Anyone at their agency who works referrals may read it."),
    )

    def __init__(self, *args, permitted=(), internal=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        # Only what the policy permits is offered; anything else sent is refused by the service.
        field.choices = [(name, label) for name, label in DataCategory.choices if name in permitted]
        if not self.is_bound:
            field.initial = list(permitted)
        if not internal and not permitted:
            field.widget = forms.MultipleHiddenInput()


class StepForm(forms.Form):
    """One step of a referral: the new state, the version read, and a reason, outcome or text
    where the step needs one (the service says which, by name)."""

    to_status = choice_field(_("Step"), ReferralStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = choice_field(
        _("Why you decline"),
        [("", _("Choose a reason")), *DeclineReason.choices],
        required=False,
    )
    outcome = choice_field(
        _("How it ended"), [("", _("Choose an outcome")), *Outcome.choices], required=False
    )
    text = text_field(
        _("Details"),
        help_text=_("Needed for “Other”. Write only what the sender needs to know."),
    )


class ReceivedReferralForm(forms.Form):
    """Another agency referred this survivor to us."""

    organization = forms.ModelChoiceField(
        label=_("Referred by"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose the agency"),
        error_messages={
            "required": _("Choose the agency that referred the survivor."),
            "invalid_choice": CHOICE_MESSAGE,
        },
    )
    received_on = day_field(_("Received on"))
    note = text_field(_("Note"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_for(actor=actor).order_by("name")


class DeadlinesForm(forms.Form):
    """The period of the missed-deadlines report."""

    since = day_field(_("From"))
    until = day_field(_("To"))

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data
