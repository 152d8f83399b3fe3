from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class AuditFilterForm(forms.Form):
    """The auditor's filters. Every field is optional; names match ``audit_events`` arguments."""

    person = PersonChoiceField(
        label=_("Person"),
        # Only people can act; offering anything else would be a choice that matches nothing.
        queryset=get_user_model().objects.order_by("full_name", "email"),
        required=False,
        empty_label=_("Everyone"),
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditAction.choices]
    )
    object_id = forms.UUIDField(
        label=_("Object id"),
        required=False,
        help_text=_("The public id of a record, user or case."),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error(
                "date_to", _("The end date is before the start date: choose a later end date.")
            )
        return cleaned

    def criteria(self) -> dict:
        """The filters in use, ready for ``audit_events``."""
        return {name: value for name, value in self.cleaned_data.items() if value}
