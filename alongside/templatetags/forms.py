"""Form fields that tie labels, help and errors to their inputs for screen readers.

``{% field form.name %}`` gives a field's whole block: label (with "(optional)" when the field
may be left empty), help, errors and the widget, which points at the help and errors with
aria-describedby. It is built here rather than by including a template: the include, and
Django's templates for each widget under it, cost about 0.4 ms a field, a quarter of the case
page's render. The markup is Django's, byte for byte, for every field of every form
(tests/foundation/test_field_rendering.py).
"""

import html

from django import forms, template
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(name="field")
def field_block(bound_field, optional_label=None):
    """The field's label, "(optional)" mark, help, errors and widget, in that order, laid out as
    the template include this replaced was, blank lines and all, so pages keep their bytes."""
    auto_id = bound_field.auto_id
    help_text = bound_field.help_text
    errors = bound_field.errors
    required = bound_field.field.required
    ids = []
    if help_text:
        ids.append(f"{auto_id}_help")
    if errors:
        ids.append(f"{auto_id}_errors")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if errors:
        attrs["aria-invalid"] = "true"
    if required:
        attrs["required"] = True
    widget = _widget(bound_field, attrs)
    # The default is escaped like everything else (the include left its translated default as
    # it came): the same bytes unless a translation holds <, >, &, ' or ".
    optional = (
        ""
        if required
        else f' <span class="optional">{_printed(optional_label or gettext("(optional)"))}</span>'
    )
    auto_id = _printed(auto_id)
    help_block = (
        f'<p class="help" id="{auto_id}_help">{_printed(help_text)}</p>' if help_text else ""
    )
    error_block = (
        f'<ul class="errors" id="{auto_id}_errors">'
        + "".join(f"<li>{_printed(error)}</li>" for error in errors)
        + "</ul>"
        if errors
        else ""
    )
    return _markup(
        f'<div class="field{" field--error" if errors else ""}">\n'
        f'  <label for="{_printed(bound_field.id_for_label)}">{_printed(bound_field.label)}'
        f"{optional}</label>\n"
        f"  {help_block}\n"
        f"  {error_block}\n"
        f"  {widget}\n"
        "</div>\n"
    )


def _widget(bound_field, attrs):
    """What ``bound_field.as_widget(attrs=attrs)`` renders. The common widgets are built here
    from the widget's own context (so values, formats and checked state stay Django's); only
    the template step is replaced. Anything else goes through Django's templates."""
    widget = bound_field.field.widget
    render = _RENDERED_HERE.get(type(widget))
    if (
        render is None
        or widget.template_name != type(widget).template_name
        or type(bound_field.form.renderer) is not DjangoTemplates
    ):
        return bound_field.as_widget(attrs=attrs)
    if bound_field.field.localize:
        widget.is_localized = True
    attrs = bound_field.build_widget_attrs(attrs, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)
    return _markup(render(context["widget"]))


def _input(context):
    """Django's ``input.html``, which every input widget's template includes."""
    value = context["value"]
    value = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_printed(context["type"])}" name="{_printed(context["name"])}"'
        f"{value}{_attributes(context['attrs'])}>"
    )


def _textarea(context):
    """Django's ``textarea.html``."""
    value = context["value"]
    return (
        f'<textarea name="{_printed(context["name"])}"{_attributes(context["attrs"])}>\n'
        f"{_printed(value) if value else ''}</textarea>"
    )


def _select(context):
    """Django's ``select.html`` and ``select_option.html``."""
    groups = []
    for group_name, options, _index in context["optgroups"]:
        rendered = "".join(
            f'\n  <option value="{_formatted(option["value"])}"{_attributes(option["attrs"])}>'
            f"{_printed(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            rendered = f'\n  <optgroup label="{_printed(group_name)}">{rendered}\n  </optgroup>'
        groups.append(rendered)
    return (
        f'<select name="{_printed(context["name"])}"{_attributes(context["attrs"])}>'
        f"{''.join(groups)}\n</select>"
    )


_RENDERED_HERE = {
    **dict.fromkeys(
        (
            forms.TextInput,
            forms.NumberInput,
            forms.EmailInput,
            forms.URLInput,
            forms.SearchInput,
            forms.TelInput,
            forms.PasswordInput,
            forms.HiddenInput,
            forms.DateInput,
            forms.DateTimeInput,
            forms.TimeInput,
            forms.CheckboxInput,
        ),
        _input,
    ),
    forms.Textarea: _textarea,
    forms.Select: _select,
}


def _attributes(attrs):
    """Django's ``attrs.html``: ``True`` is a bare attribute, ``False`` is left out."""
    return "".join(
        f" {_printed(name)}" if value is True else f' {_printed(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


# Every value put into the markup goes through one of these two, which escape it as the
# templates did. They call ``html.escape`` (what Django's ``escape`` uses) rather than going
# through ``format_html``: its lazy-string checks on every argument cost more than the rest of
# a field's rendering, a select's options being a dozen calls each.


def _printed(value):
    """What ``{{ value }}`` prints: dates and numbers as the locale writes them, escaped unless
    marked safe."""
    if type(value) is not str:
        value = localize(template_localtime(value))
        if not isinstance(value, str):
            value = str(value)
        if isinstance(value, SafeData):
            return value
    return html.escape(value)


def _formatted(value):
    """What ``{{ value|stringformat:'s' }}`` prints."""
    text = str(value)
    return text if isinstance(value, SafeData) else html.escape(text)


def _markup(text):
    """Markup built by the functions above, every value in it escaped."""
    return mark_safe(text)  # noqa: S308
