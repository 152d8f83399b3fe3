"""The team and break-glass."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.choices import (
    TeamRole,
)
from cases.forms.fields import DATE_ERRORS, DATE_WIDGET, NOTE_MAX


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} ({obj.role_label})"


class TeamAddForm(forms.Form):
    user = PersonChoiceField(
        label=_("Person"),
        queryset=None,
        empty_label=_("Choose a person"),
        error_messages={"invalid_choice": _("Choose one of the listed people.")},
    )
    team_role = forms.ChoiceField(
        label=_("Place on the team"),
        choices=[("", _("Choose a place on the team")), *TeamRole.choices],
        error_messages={
            "required": _("Choose a place on the team."),
            "invalid_choice": _("Choose one of the listed team roles."),
        },
    )
    since = forms.DateField(
        label=_("Since"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


class BreakGlassForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"), max_length=20, help_text=_("For example AL-2026-00042.")
    )
    reason = forms.CharField(
        label=_("Why do you need this case now?"),
        min_length=10,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Another supervisor reviews every break-glass access and reads this."),
        error_messages={"min_length": _("Give a reason a reviewer will understand.")},
    )
