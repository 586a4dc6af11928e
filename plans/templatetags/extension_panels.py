"""`{% extension_panels "overview" %}`, `{% extension_panels "task" task %}`: the panels other apps registered
for a plans page (plans/extensions.py), each rendered from its template and context, in registration order."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from plans import extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def extension_panels(context: template.Context, page: str, *objects) -> SafeString:
    html = []
    for panel in extensions.panels(page):
        # As an inclusion tag does: a fresh context that keeps the page's settings (autoescape, request).
        html.append(context.template.engine.get_template(panel.template).render(context.new(panel.context(*objects))))
    return mark_safe("".join(html))
