"""``{% field %}`` gives, byte for byte, the markup of the template include it replaced, for every
field of every form, and escapes what people type and what errors say."""

import datetime

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.template import engines
from django.utils import translation

import accounts.forms
import accounts.signin
import audit.forms
import cases.forms
import cases.forms.case
import cases.forms.journey
import cases.forms.notes
import cases.forms.safety
import cases.forms.team
from accounts.models import User
from organization.models import Program

# ``templates/includes/field.html`` as it was, with Django's own widget rendering in the place of
# the ``described`` filter (see ``_by_the_include``).
THE_INCLUDE = """<div class="field{% if field.errors %} field--error{% endif %}">
  <label for="{{ field.id_for_label }}">{{ field.label }}{% if not field.field.required %} <span class="optional">{{ optional_label|default:_("(optional)") }}</span>{% endif %}</label>
  {% if field.help_text %}<p class="help" id="{{ field.auto_id }}_help">{{ field.help_text }}</p>{% endif %}
  {% if field.errors %}<ul class="errors" id="{{ field.auto_id }}_errors">{% for error in field.errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}
  {{ widget }}
</div>
"""  # noqa: E501

FORM_MODULES = (
    accounts.forms,
    accounts.signin,
    audit.forms,
    cases.forms.case,
    cases.forms.journey,
    cases.forms.notes,
    cases.forms.safety,
    cases.forms.team,
)
# The password pages use Django's forms as they are.
FORMS = sorted(
    {
        value
        for module in FORM_MODULES
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and value.__module__ == module.__name__
    }
    | {PasswordChangeForm, SetPasswordForm},
    key=lambda form_class: f"{form_class.__module__}.{form_class.__qualname__}",
)
SCRIPT = "<script>alert(\"x\")</script> & 'more'"


def _by_the_include(bound_field, **context) -> str:
    """What ``{% include "includes/field.html" with field=... %}`` rendered: the ``described``
    filter's attributes, with every widget through Django's own templates."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_errors")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    if bound_field.field.required:
        attrs["required"] = True
    widget = bound_field.as_widget(attrs=attrs)
    return (
        engines["django"]
        .from_string(THE_INCLUDE)
        .render({"field": bound_field, "widget": widget, **context})
    )


def _by_the_tag(bound_field, tag="{% field field %}", **context) -> str:
    return (
        engines["django"]
        .from_string("{% load forms %}" + tag)
        .render({"field": bound_field, **context})
    )


def _form(form_class, *args, **kwargs):
    """The form as its view makes it."""
    if form_class is cases.forms.IntakeForm:
        kwargs["programs"] = Program.objects.all()
    if form_class is cases.forms.TeamAddForm:
        kwargs["candidates"] = User.objects.order_by("email")
    if issubclass(form_class, AuthenticationForm):
        args = (None, *args)  # the request
    if form_class in (PasswordChangeForm, SetPasswordForm):
        args = (User.objects.order_by("email").first(), *args)
    return form_class(*args, **kwargs)


def _data(form_class, value, **kwargs) -> dict:
    """``value`` for every field: invalid for choices, dates, numbers, emails and ids."""
    return {bound_field.html_name: value for bound_field in _form(form_class, **kwargs)}


STATES = {
    "unbound": lambda form_class: _form(form_class),
    "sent empty": lambda form_class: _form(form_class, {}),
    "sent markup": lambda form_class: _form(form_class, _data(form_class, SCRIPT)),
    "sent too much": lambda form_class: _form(form_class, _data(form_class, SCRIPT * 300)),
    "with other ids": lambda form_class: _form(
        form_class, _data(form_class, "2", prefix="p"), prefix="p", auto_id="quick_%s"
    ),
    "without ids": lambda form_class: _form(form_class, {}, auto_id=False),
}


@pytest.fixture
def choices_to_offer(make_user):
    """People and programs for the forms that offer them, one with markup in the name."""
    make_user("advocate", full_name="Ana <b>Ríos</b> & Co")
    make_user("supervisor", full_name="")
    Program.objects.create(name="Safe <Harbour> & Home")
    Program.objects.create(name="Second program")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("form_class", FORMS, ids=lambda form_class: form_class.__name__)
def test_every_field_of_every_form_renders_as_the_include_did(choices_to_offer, form_class, state):
    form = STATES[state](form_class)
    for bound_field in form:
        assert _by_the_tag(bound_field) == _by_the_include(bound_field), bound_field.name


def test_every_form_of_the_project_is_checked():
    names = {form_class.__name__ for form_class in FORMS}
    assert {"NoteForm", "CaseloadFilterForm", "AuditFilterForm", "SignInForm", "UserForm"} <= names
    assert len(FORMS) >= 30


class _Everything(forms.Form):
    """Widgets and values the project's forms do not (yet) have."""

    where = forms.ChoiceField(
        label="Where",
        help_text="Pick one",
        choices=[("", "Choose"), ("Near <here>", [("a", "A & B"), ("b", "B")]), ("c", "C")],
    )
    count = forms.ChoiceField(
        choices=[(1, 1000), (2, 2.5), (3, datetime.date(2025, 3, 14))], required=False
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    search = forms.CharField(widget=forms.SearchInput(attrs={"placeholder": "Find <it>"}))
    phone = forms.CharField(widget=forms.TelInput, required=False, localize=True)
    at = forms.TimeField(required=False, initial="09:30")
    site = forms.URLField(
        required=False, disabled=True, initial="https://example.org/?a=1&b=2", assume_scheme="https"
    )
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    agree = forms.BooleanField(initial=True, help_text="Tick <b>this</b>")
    kept = forms.CharField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(required=False)


@pytest.mark.parametrize(
    "form",
    [
        lambda: _Everything(),
        lambda: _Everything({"where": "b", "count": "2", "many": ["b"], "secret": SCRIPT}),
        lambda: _Everything({"where": "zz", "at": "noon", "agree": "", "kept": SCRIPT}),
    ],
)
def test_widgets_the_forms_do_not_use_yet_render_as_the_include_did(form):
    for bound_field in form():
        assert _by_the_tag(bound_field) == _by_the_include(bound_field), bound_field.name


def test_an_optional_label_given_to_the_tag_replaces_the_default():
    bound_field = cases.forms.MandatedReportForm()["reference"]
    tag = "{% field field optional_label=label %}"
    for label in ("(if there is one)", "<b>if any</b>"):
        html = _by_the_tag(bound_field, tag, label=label)
        assert html == _by_the_include(bound_field, optional_label=label)
    assert '<span class="optional">&lt;b&gt;if any&lt;/b&gt;</span>' in html


def test_what_people_type_and_what_errors_say_is_escaped():
    class Typed(forms.Form):
        name = forms.CharField()
        story = forms.CharField(widget=forms.Textarea)
        kind = forms.ChoiceField(choices=[("a", "A")])

        def clean_name(self):
            raise forms.ValidationError("Not %(value)s", params={"value": self.data["name"]})

    form = Typed({"name": SCRIPT, "story": SCRIPT, "kind": SCRIPT})
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;more&#x27;"
    for name in ("name", "story", "kind"):
        html = _by_the_tag(form[name])
        assert "<script>" not in html
        assert html == _by_the_include(form[name])
    assert f'value="{escaped}"' in _by_the_tag(form["name"])
    assert f"<li>Not {escaped}</li>" in _by_the_tag(form["name"])
    assert f">\n{escaped}</textarea>" in _by_the_tag(form["story"])
    assert f"<li>Select a valid choice. {escaped} is not one" in _by_the_tag(form["kind"])


def test_labels_and_messages_follow_the_language_in_use():
    form = cases.forms.TeamAddForm({"since": "soon"}, candidates=User.objects.none())
    with translation.override("es"):
        for bound_field in form:
            assert _by_the_tag(bound_field) == _by_the_include(bound_field), bound_field.name
        required = translation.gettext("This field is required.")
        assert required != "This field is required."
        assert f"<li>{required}</li>" in _by_the_tag(form["user"])
