from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class ProgramForm(forms.Form):
    name = forms.CharField(
        label=_("Program name"),
        max_length=120,
        error_messages={
            "required": _("Give the program a name."),
            "max_length": _("A program's name has at most 120 characters."),
        },
    )


class ReleaseRuleForm(forms.Form):
    governed_by_vawa_fvpsa = forms.BooleanField(
        label=_("This program is governed by VAWA or FVPSA"),
        required=False,
        help_text=_(
            "Only a written release then permits sharing: a verbal release is recorded but "
            "permits nothing until it is confirmed in writing. Without it, a verbal release "
            "permits sharing until the day it must be confirmed by."
        ),
        widget=forms.CheckboxInput(attrs={"aria-describedby": "release-rule-help"}),
    )


class SupervisorForm(forms.Form):
    """Offers only the people who may be named; anyone else sent is answered by the service
    with what is wrong (not a supervisor, inactive, already supervising)."""

    user = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=User.objects.all(),
        to_field_name="pk",
        error_messages={
            "required": _("Choose the supervisor to name."),
            "invalid_choice": _("Choose a person from the list."),
        },
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].widget.choices = [
            ("", _("Choose a supervisor")),
            *((person.pk, person.full_name) for person in candidates),
        ]
