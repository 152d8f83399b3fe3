"""The consent pages' forms: they check shape and give field messages; every rule that spans
objects (who may sign, who may receive, how long a release may last) is the services' to check,
and their messages land on these fields through ``form_add_service_errors``.

Choices are restricted to what the person may pick (STYLE habit 5): only active partner
organizations, only people of this case, and never a person recorded as the trafficker or as
unsafe as a recipient or signer.
"""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.form_fields import DATETIME_FORMAT, now_local
from consent.choices import (
    KEEP_AWAY_RELATIONSHIPS,
    ConsentMethod,
    DataCategory,
    Purpose,
    RecipientClass,
    RecipientKind,
    Relationship,
    RevocationMethod,
    Signer,
)
from consent.models import Person
from consent.packet import offered_choices
from consent.services import MAX_NAME, MAX_TEXT
from directory.selectors import recipient_organizations_for

CHOICE = _("Choose one of the listed options.")
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATE_ERRORS = {"invalid": _("Enter a date, like 2025-03-14.")}


class PersonChoiceField(forms.ModelChoiceField):
    """People of the case, named by their (decrypted) name and relationship."""

    def label_from_instance(self, person: Person) -> str:
        return f"{person.name} ({person.get_relationship_display()})"


def _safe_people(case):
    return (
        Person.objects.filter(case=case, unsafe=False)
        .exclude(relationship__in=KEEP_AWAY_RELATIONSHIPS)
        .order_by("recorded_at")
    )


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DATE_WIDGET, error_messages=DATE_ERRORS, **kwargs)


class RecipientFieldsMixin:
    """The recipient picker: one kind, then the organization, person or class it names."""

    def recipient_parts(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data.get("recipient_kind"),
            "organization": data.get("recipient_organization"),
            "person": data.get("recipient_person"),
            "recipient_class": data.get("recipient_class") or "",
        }


def _recipient_fields(form, *, actor, case, people) -> None:
    form.fields["recipient_kind"] = forms.ChoiceField(
        label=_("Who receives it"),
        choices=RecipientKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who receives the information.")},
    )
    form.fields["recipient_organization"] = forms.ModelChoiceField(
        label=_("Partner organization"),
        queryset=recipient_organizations_for(actor=actor),
        required=False,
        empty_label=_("Choose an organization"),
        error_messages={"invalid_choice": _("Choose a partner organization from the directory.")},
    )
    form.fields["recipient_person"] = PersonChoiceField(
        label=_("Named person"),
        queryset=people,
        required=False,
        empty_label=_("Choose a person"),
        error_messages={"invalid_choice": _("Choose a person recorded on this case.")},
    )
    form.fields["recipient_class"] = forms.ChoiceField(
        label=_("Class of recipient"),
        choices=[("", _("Choose a class")), *RecipientClass.choices],
        required=False,
        error_messages={"invalid_choice": CHOICE},
    )


class ReleaseForm(RecipientFieldsMixin, forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What information"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("“%(value)s” is not a category from the list.")},
    )
    purposes = forms.MultipleChoiceField(
        label=_("What for"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("“%(value)s” is not a purpose from the list.")},
    )
    purpose_other = forms.CharField(
        label=_("Other purpose, described"), max_length=MAX_TEXT, required=False
    )
    method = forms.ChoiceField(
        label=_("How the survivor gave consent"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the consent was given."),
            "invalid_choice": CHOICE,
        },
    )
    signer = forms.ChoiceField(
        label=_("Who signed"),
        choices=Signer.choices,
        initial=Signer.SURVIVOR,
        error_messages={"required": _("Choose who signed."), "invalid_choice": CHOICE},
    )
    minor_consents_alone = forms.BooleanField(
        label=_("The minor may lawfully consent alone"), required=False
    )
    signed_on = _date(_("Date signed or given"), initial=timezone.localdate)
    starts_on = _date(_("Starts"), initial=timezone.localdate)
    expires_on = _date(_("Expires"))
    notes = forms.CharField(
        label=_("Notes"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = forms.FileField(
        label=_("Signed document"),
        required=False,
        help_text=_(
            "A PDF or a photo (PNG or JPEG) of the signed release. Attach it when you save."
        ),
    )

    def __init__(self, *args, actor, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        # Only what some app fills can be released (``consent.packet``).
        self.fields["categories"].choices = offered_choices()
        people = _safe_people(case)
        _recipient_fields(self, actor=actor, case=case, people=people)
        # Only a parent or guardian who is not recorded as unsafe is offered as the signer.
        self.fields["guardian"] = PersonChoiceField(
            label=_("Parent or guardian who signed"),
            queryset=people.filter(relationship=Relationship.PARENT_OR_GUARDIAN),
            required=False,
            empty_label=_("Nobody else signed"),
            error_messages={"invalid_choice": _("Choose a person recorded on this case.")},
        )
        if not case.minor_at_intake:
            del self.fields["minor_consents_alone"]
        if case.program.governed_by_vawa_fvpsa:
            self.fields["method"].help_text = _(
                "This program is governed by VAWA or FVPSA: a verbal release is recorded but "
                "permits nothing until the survivor confirms it in writing."
            )
        else:
            self.fields["method"].help_text = _(
                "A verbal release permits sharing for %(days)d days; it must be confirmed in "
                "writing by then."
            ) % {"days": settings.CONSENT_VERBAL_CONFIRM_DAYS}
        self.fields["expires_on"].initial = lambda: (
            timezone.localdate() + datetime.timedelta(days=settings.CONSENT_DEFAULT_DAYS)
        )
        self.fields["expires_on"].help_text = _(
            "%(default)d days from today unless you choose otherwise; at most %(max)d days."
        ) % {"default": settings.CONSENT_DEFAULT_DAYS, "max": settings.CONSENT_MAX_DAYS}
        # The field order the page reads in.
        self.order_fields(
            [
                "recipient_kind",
                "recipient_organization",
                "recipient_person",
                "recipient_class",
                "categories",
                "purposes",
                "purpose_other",
                "method",
                "signer",
                "guardian",
                "minor_consents_alone",
                "signed_on",
                "starts_on",
                "expires_on",
                "notes",
                "document",
            ]
        )

    def release_values(self) -> dict:
        data = self.cleaned_data
        return {
            "categories": data["categories"],
            "purposes": data["purposes"],
            "purpose_other": data["purpose_other"],
            "method": data["method"],
            "signer": data["signer"],
            "guardian": data.get("guardian"),
            "minor_consents_alone": data.get("minor_consents_alone", False),
            "signed_on": data["signed_on"],
            "starts_on": data["starts_on"],
            "expires_on": data["expires_on"],
            "notes": data["notes"],
        }

    def fingerprint(self) -> str:
        """What the survivor was shown in the preview: saving anything else asks for a new
        preview first."""
        data = self.cleaned_data
        parts = [
            data.get("recipient_kind") or "",
            str(getattr(data.get("recipient_organization"), "pk", "") or ""),
            str(getattr(data.get("recipient_person"), "pk", "") or ""),
            data.get("recipient_class") or "",
            ",".join(sorted(data.get("categories") or [])),
            ",".join(sorted(data.get("purposes") or [])),
            str(data.get("starts_on") or ""),
            str(data.get("expires_on") or ""),
            data.get("method") or "",
        ]
        return "|".join(parts)


class RevokeForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the survivor told you"),
        choices=RevocationMethod.choices,
        widget=forms.RadioSelect,
        initial=RevocationMethod.IN_PERSON,
        error_messages={
            "required": _("Choose how the survivor communicated it."),
            "invalid_choice": CHOICE,
        },
    )
    communicated_at = forms.DateTimeField(
        label=_("When"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(format=DATETIME_FORMAT, attrs={"type": "datetime-local"}),
        initial=now_local,
        error_messages={"invalid": _("Enter a date and time, like 2025-03-14 09:30.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmInWritingForm(forms.Form):
    document = forms.FileField(
        label=_("Signed document"),
        required=False,
        help_text=_("A PDF or a photo (PNG or JPEG) of the signed release."),
    )


class RestrictionForm(RecipientFieldsMixin, forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What information"),
        help_text=_("Leave every box empty to restrict everything."),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("“%(value)s” is not a category from the list.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, actor, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = offered_choices()
        # A restriction may name anyone recorded on the case, those to keep away included.
        _recipient_fields(
            self,
            actor=actor,
            case=case,
            people=Person.objects.filter(case=case).order_by("recorded_at"),
        )
        self.order_fields(
            ["recipient_kind", "recipient_organization", "recipient_person", "recipient_class"]
        )


class PersonForm(forms.Form):
    relationship = forms.ChoiceField(
        label=_("Relationship to the survivor"),
        choices=[("", _("Choose a relationship")), *Relationship.choices],
        error_messages={
            "required": _("Choose a relationship from the list."),
            "invalid_choice": CHOICE,
        },
    )
    unsafe = forms.BooleanField(
        label=_("Recorded as unsafe: never a signer, never a recipient"), required=False
    )
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME)
    contact = forms.CharField(
        label=_("Contact details"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


RECEIPT_LANGUAGES = [("en", "English"), ("es", "Español")]


class ReceiptLanguageForm(forms.Form):
    lang = forms.ChoiceField(
        label=_("The survivor's language"), choices=RECEIPT_LANGUAGES, required=False
    )
