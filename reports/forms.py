"""The report form: a period (a preset or two dates), filters from known values only, and the
suppression threshold. The form checks shapes; ``reports.kinds.parameters_validate`` checks the
rest (order and length of the period, values, program scope) and names the field at fault."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.form_fields import CHOICE_MESSAGE
from reports import kinds


class ReportForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Period"),
        choices=kinds.PRESETS,
        initial=kinds.PRESET_LAST_12_MONTHS,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CHOICE_MESSAGE, "required": _("Choose a period.")},
    )
    period_start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )
    period_end = forms.DateField(
        label=_("To (inclusive)"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )
    threshold = forms.IntegerField(
        label=_("Hide counts up to"),
        initial=4,
        help_text=_("Counts from 1 to this number are shown as “fewer than …” everywhere."),
        error_messages={"invalid": _("Enter a whole number.")},
    )

    def __init__(self, *args, kind: str, filter_choices: dict, whole_organization=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.filter_names = []
        for name, (label, values) in filter_choices.items():
            # Only known values are offered; a value sent that was not offered is judged by
            # the engine's check, which says what is wrong with it (unknown, another
            # program's), the same words the API gives.
            everything = _("The whole organization") if name == "program" else _("All")
            if name == "program" and not whole_organization:
                offered = list(values)
            else:
                offered = [("", everything), *values]
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=64,
                widget=forms.Select(choices=offered),
            )
            self.filter_names.append(name)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preset") == kinds.PRESET_CUSTOM:
            for name in ("period_start", "period_end"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Give a date, or choose a preset period."))
        return cleaned

    def parameters_data(self) -> dict:
        """The input as the engine's parameter check takes it (the API sends the same)."""
        data = self.cleaned_data
        result = {
            "preset": data["preset"],
            "threshold": data["threshold"],
            "filters": {name: data[name] for name in self.filter_names if data.get(name)},
        }
        for name in ("period_start", "period_end"):
            if data.get(name):
                result[name] = data[name].isoformat()
        return result


class PackForm(forms.Form):
    """A funder pack: the funder's period (two dates), a program, the threshold."""

    period_start = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )
    period_end = forms.DateField(
        label=_("To (inclusive)"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, like 2025-03-14.")},
    )
    threshold = forms.IntegerField(
        label=_("Hide counts up to"),
        initial=4,
        error_messages={"invalid": _("Enter a whole number.")},
    )

    def __init__(self, *args, programs, whole_organization: bool, **kwargs):
        super().__init__(*args, **kwargs)
        offered = list(programs)
        if whole_organization:
            offered = [("", _("The whole organization")), *offered]
        self.fields["program"] = forms.CharField(
            label=_("Program"), required=False, max_length=64, widget=forms.Select(choices=offered)
        )
