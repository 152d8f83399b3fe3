"""Form rendering that ties labels, help and errors to their inputs for screen readers."""

from django import template

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
    return bound_field.as_widget(attrs=attrs)
