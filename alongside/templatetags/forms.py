"""Form rendering that ties labels, help and errors to their inputs for screen readers."""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def described(bound_field):
    """Render a field's widget with aria-describedby (help, errors) and aria-invalid."""
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
    widget = bound_field.field.widget
    if widget.__class__ is forms.Select and not bound_field.field.localize:
        return _select(bound_field, widget, attrs)
    return bound_field.as_widget(attrs=attrs)


def _select(bound_field, widget, attrs):
    """What ``as_widget`` renders for a plain select, built here: Django's select template
    includes a template per option (and one for its attributes), which made the pages' few
    selects cost more than the rest of their forms. The markup is the same, byte for byte
    (tests/cases/test_pages_rendering.py)."""
    attrs = bound_field.build_widget_attrs(attrs, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    groups = []
    for group_name, options, _index in context["optgroups"]:
        rendered = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (str(option["value"]), _attributes(option["attrs"]), option["label"])
                for option in options
            ),
        )
        if group_name:
            rendered = format_html(
                '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered
            )
        groups.append((rendered,))
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        context["name"],
        _attributes(context["attrs"]),
        format_html_join("", "{}", groups),
    )


def _attributes(attrs):
    """Django's ``attrs.html``: ``True`` is a bare attribute, ``False`` is left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )
