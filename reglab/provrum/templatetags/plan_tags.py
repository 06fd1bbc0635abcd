"""Template helpers for the project plan pages."""

from django import template

register = template.Library()


@register.simple_tag
def plan_export_links(provrum):
    """The plan's downloads (Word, PDF, Excel, CSV, calendar) that exist."""
    from reglab.provrum.plan_views import export_links

    return export_links(provrum)
