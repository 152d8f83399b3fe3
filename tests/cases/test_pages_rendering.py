"""The faster renderings of the case pages give the same markup as the templates they replace."""

import re

import pytest
from django import forms

from alongside.templatetags.forms import described
from cases.forms import CaseloadFilterForm, StatusForm
from cases.record_forms import NoteForm, StageForm


def _by_django(bound_field) -> str:
    """``described`` as it was: every widget through Django's own templates."""
    attrs = {}
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_errors")
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    if bound_field.field.required:
        attrs["required"] = True
    return bound_field.as_widget(attrs=attrs)


class _Grouped(forms.Form):
    where = forms.ChoiceField(
        label="Where",
        help_text="Pick one",
        choices=[("", "Choose"), ("Near <here>", [("a", "A & B"), ("b", "B")]), ("c", "C")],
    )


@pytest.mark.parametrize(
    "bound_field",
    [
        lambda: CaseloadFilterForm()["status"],
        lambda: CaseloadFilterForm({"status": "active", "flag": "nope"})["flag"],
        lambda: StatusForm(initial={"status": "inactive"})["status"],
        lambda: NoteForm(auto_id="quick_%s")["kind"],
        lambda: NoteForm({})["method"],
        lambda: StageForm(auto_id="panel_stage_%s")["stage"],
        lambda: _Grouped({"where": "b"})["where"],
        lambda: _Grouped({"where": "zz"})["where"],
    ],
)
def test_a_select_renders_as_djangos_template_does(bound_field):
    field = bound_field()
    field.form.is_bound and field.form.is_valid()
    assert str(described(field)) == str(_by_django(field))


def test_every_kind_of_timeline_entry_says_what_happened_and_who_recorded_it(case, advocate):
    from django.template.loader import render_to_string

    from cases import selectors
    from tests.cases.test_records_timeline import _fill

    _fill(case, advocate, notes=1)
    html = render_to_string(
        "cases/records/timeline.html", {"case": case, "timeline": selectors.timeline(case=case)}
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for said in (
        "Contact note",
        "Stage of change: Preparation",
        "Recurrence: an event on the journey",
        "Service provided:",
        "Goal set (",
        "Recovery check-in",
        "Outreach by Text message:",
        "Appointment:",
    ):
        assert said in text, said
    assert text.count(f"· {advocate.full_name}") == 7  # every entry but the goal names a person
    assert html.count('<time datetime="') == 8
