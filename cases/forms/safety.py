"""Safety, safe-contact rules and the mandated-report checklist."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.choices import (
    SafetyFlag,
    VoicemailRule,
)
from cases.forms.fields import NOTE_MAX, yes_no_unknown_field


class SafetyForm(forms.Form):
    flags = forms.MultipleChoiceField(
        label=_("Safety flags"),
        choices=SafetyFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Unknown safety flag.")},
    )
    plan = forms.CharField(
        label=_("Safety plan"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class SafeContactForm(forms.Form):
    calls_ok = yes_no_unknown_field(_("Calls are OK"))
    voicemail = forms.ChoiceField(label=_("Voicemail"), choices=VoicemailRule.choices)
    texts_ok = yes_no_unknown_field(_("Texts are OK"))
    email_ok = yes_no_unknown_field(_("Email is OK"))
    safe_times = forms.CharField(label=_("Safe times to reach"), max_length=500, required=False)
    codeword = forms.CharField(label=_("Codeword"), max_length=100, required=False)
    do_not_contact = forms.BooleanField(label=_("Do not contact"), required=False)
    instructions = forms.CharField(
        label=_("Other instructions"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @staticmethod
    def initial_for(contact) -> dict:
        def tri(value):
            return "" if value is None else str(value).lower()

        return {
            "calls_ok": tri(contact.calls_ok),
            "voicemail": contact.voicemail,
            "texts_ok": tri(contact.texts_ok),
            "email_ok": tri(contact.email_ok),
            "safe_times": contact.safe_times,
            "codeword": contact.codeword,
            "do_not_contact": contact.do_not_contact,
            "instructions": contact.instructions,
        }


class MandatedReportForm(forms.Form):
    report_made_to = forms.CharField(label=_("Report made to"), max_length=500, required=False)
    reported_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter a date and time.")},
    )
    reference = forms.CharField(label=_("Reference number"), max_length=200, required=False)
    survivor_informed = forms.BooleanField(label=_("The survivor was informed"), required=False)
