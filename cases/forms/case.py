"""Intake, identity, the caseload's filters and search, status and closing."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.choices import (
    AgeBand,
    CaseStatus,
    CitizenshipCategory,
    CloseReason,
    GenderIdentity,
    Language,
    SafetyFlag,
    TraffickingType,
)
from cases.forms.fields import (
    ADDRESS_MAX,
    DATE_ERRORS,
    DATE_WIDGET,
    DECLINABLE,
    NAME_MAX,
    yes_no_unknown_field,
)
from cases.services import LANGUAGE_OTHER_MAX, Identity


class IdentityFields(forms.Form):
    """Identity and report categories, shared by intake and identity edit."""

    preferred_name = forms.CharField(
        label=_("Preferred name"),
        max_length=NAME_MAX,
        help_text=_("The name the survivor wants to be called. Any name they choose is fine."),
    )
    legal_name = forms.CharField(label=_("Legal name"), max_length=NAME_MAX, required=False)
    legal_name_declined = forms.BooleanField(label=_("Prefer not to say"), required=False)
    other_names = forms.CharField(label=_("Other names used"), max_length=NAME_MAX, required=False)
    other_names_declined = forms.BooleanField(label=_("Prefer not to say"), required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    date_of_birth_declined = forms.BooleanField(label=_("Prefer not to say"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    phone_declined = forms.BooleanField(label=_("Prefer not to say"), required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    email_declined = forms.BooleanField(label=_("Prefer not to say"), required=False)
    address = forms.CharField(
        label=_("Address"),
        max_length=ADDRESS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    address_declined = forms.BooleanField(label=_("Prefer not to say"), required=False)

    gender_identity = forms.ChoiceField(
        label=_("Gender identity"),
        choices=[("", _("Not asked")), *GenderIdentity.choices],
        required=False,
    )
    primary_language = forms.ChoiceField(
        label=_("Primary language"),
        choices=[("", _("Not asked")), *Language.choices],
        required=False,
    )
    primary_language_other = forms.CharField(
        label=_("Which language, if another"),
        max_length=LANGUAGE_OTHER_MAX,
        required=False,
        help_text=_("Only when the language is not in the list."),
    )
    interpreter_needed = yes_no_unknown_field(_("Interpreter needed"))
    citizenship_category = forms.ChoiceField(
        label=_("Citizenship"),
        choices=CitizenshipCategory.choices,
        required=False,
        # Nothing is assumed about a survivor: an unanswered question stays "unknown".
        initial=CitizenshipCategory.UNKNOWN,
    )
    trafficking_type = forms.ChoiceField(
        label=_("Type of trafficking"),
        choices=TraffickingType.choices,
        required=False,
        initial=TraffickingType.UNKNOWN,
    )

    def clean(self):
        cleaned = super().clean()
        for name in DECLINABLE:
            if cleaned.get(f"{name}_declined"):
                # Declining wins over anything typed: nothing the survivor declined is kept.
                cleaned[name] = None if name == "date_of_birth" else ""
        return cleaned

    def identity(self) -> Identity:
        data = self.cleaned_data
        return Identity(
            preferred_name=data["preferred_name"],
            legal_name=data["legal_name"],
            other_names=data["other_names"],
            date_of_birth=data["date_of_birth"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            declined_fields=tuple(name for name in DECLINABLE if data.get(f"{name}_declined")),
        )

    def categories(self) -> dict:
        data = self.cleaned_data
        return {
            "gender_identity": data["gender_identity"],
            "primary_language": data["primary_language"],
            "primary_language_other": data["primary_language_other"],
            "interpreter_needed": data["interpreter_needed"],
            "citizenship_category": data["citizenship_category"] or CitizenshipCategory.UNKNOWN,
            "trafficking_type": data["trafficking_type"] or TraffickingType.UNKNOWN,
        }

    def declinable_rows(self):
        """(field, its "prefer not to say" box) pairs, for the template."""
        return [(self[name], self[f"{name}_declined"]) for name in DECLINABLE]

    @staticmethod
    def initial_for(case) -> dict:
        initial = {
            name: getattr(case, name)
            for name in (
                "preferred_name",
                *DECLINABLE,
                "gender_identity",
                "primary_language",
                "primary_language_other",
            )
        }
        initial["interpreter_needed"] = (
            "" if case.interpreter_needed is None else str(case.interpreter_needed).lower()
        )
        initial["citizenship_category"] = case.citizenship_category
        initial["trafficking_type"] = case.trafficking_type
        for name in case.declined_fields or []:
            initial[f"{name}_declined"] = True
        return initial


class IntakeForm(IdentityFields):
    program = forms.ModelChoiceField(label=_("Program"), queryset=None, empty_label=None)
    intake_date = forms.DateField(
        label=_("Intake date"), widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    age_band = forms.ChoiceField(
        label=_("Age band"),
        choices=AgeBand.choices,
        required=False,
        initial=AgeBand.UNKNOWN,
        help_text=_("Used when there is no date of birth. Under 18 marks the case as a minor's."),
    )
    confirm_new_person = forms.BooleanField(
        label=_("This is a different person: create the case anyway"), required=False
    )

    field_order = ["program", "intake_date", "preferred_name"]

    def __init__(self, *args, programs, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("intake_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs

    def clean(self):
        cleaned = super().clean()
        birth, intake = cleaned.get("date_of_birth"), cleaned.get("intake_date")
        if intake and intake > timezone.localdate():
            self.add_error("intake_date", _("The intake date is in the future."))
        if birth and intake and birth > intake:
            self.add_error("date_of_birth", _("The date of birth is after the intake date."))
        return cleaned


class IdentityEditForm(IdentityFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseloadFilterForm(forms.Form):
    """Filters that carry no survivor data, so they may sit in the address bar."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Open (active and inactive)")), *CaseStatus.choices],
        required=False,
    )
    flag = forms.ChoiceField(
        label=_("Safety flag"), choices=[("", _("Any")), *SafetyFlag.choices], required=False
    )
    mine = forms.BooleanField(label=_("Only cases I am on the team of"), required=False)


class CaseSearchForm(forms.Form):
    """Exact-name search. Sent by POST so a name never lands in an address or a server log."""

    name = forms.CharField(
        label=_("Find a survivor by exact name"),
        max_length=NAME_MAX,
        help_text=_("Preferred or legal name, spelled in full. Case and accents do not matter."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (value, label) for value, label in CaseStatus.choices if value != CaseStatus.CLOSED
        ],
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the case closing?"),
        choices=[("", _("Choose a reason")), *CloseReason.choices],
        error_messages={
            "required": _("Say why the case is closing."),
            "invalid_choice": _("Choose one of the listed reasons."),
        },
        help_text=_("A recurrence or missed contact is never a reason to close."),
    )
