"""Form field shapes every app's forms share: dates and times as the browser's own pickers
send them, choices and long text with the same messages everywhere."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.limits import MAX_TEXT

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
CHOICE_MESSAGE = _("Choose one of the listed options.")
TOO_LONG = _("Keep this under %(limit_value)d characters (it has %(show_value)d).")


def now_local() -> str:
    return timezone.localtime().strftime(DATETIME_FORMAT)


def when_field(label):
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(format=DATETIME_FORMAT, attrs={"type": "datetime-local"}),
        initial=now_local,
        error_messages={"invalid": _("Enter a date and time, like 2025-03-14 09:30.")},
    )


def day_field(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )


def choice_field(label, choices, **kwargs):
    return forms.ChoiceField(
        label=label, choices=choices, error_messages={"invalid_choice": CHOICE_MESSAGE}, **kwargs
    )


def text_field(label, *, required=False, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )
