"""Notes and addenda."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.choices import (
    ContactMethod,
    NoteKind,
)
from cases.forms.fields import choice_field, text_field, when_field


class NoteForm(forms.Form):
    """The quick note: type, when, how, how long, what happened. In that order, by keyboard."""

    kind = choice_field(_("Type of note"), NoteKind.choices, initial=NoteKind.CONTACT)
    contact_at = when_field(_("Date and time of contact"))
    method = choice_field(_("Method"), ContactMethod.choices, initial=ContactMethod.IN_PERSON)
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
    body = text_field(
        _("Note"),
        required=True,
        rows=5,
        help_text=_("Ctrl+Enter saves. Write what happened, in plain and respectful words."),
    )


class NoteEditForm(NoteForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AddendumForm(forms.Form):
    body = text_field(_("Addendum"), required=True, rows=4)
