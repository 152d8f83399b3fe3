"""How a report's cell reads on a page: a hidden cell as "fewer than N", never a number."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from reports.results import HIDDEN
from reports.serialize import hidden_words

register = template.Library()


@register.simple_tag
def report_cell(cell, table, threshold):
    if cell is HIDDEN:
        return format_html('<span class="report-hidden">{}</span>', hidden_words(threshold))
    if cell is None:
        return format_html(
            '<span class="muted" title="{}">—</span>', _("not applicable: nothing to count")
        )
    if isinstance(cell, float):
        text = f"{cell:.1f}"
        return f"{text}%" if table.kind == "percent" else text
    return str(cell)
