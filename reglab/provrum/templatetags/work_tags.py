"""Template helpers for running a provrum: its box on the provrum page, file sizes."""

from django import template

register = template.Library()


@register.simple_tag
def work_box(provrum, user):
    """The counts for the "Genomförande" box, or None when the person may not see them."""
    if not user.has_perm("provrum.view_work", provrum):
        return None
    from reglab.provrum.work import work_summary

    return work_summary(provrum)


@register.filter
def file_size(size) -> str:
    """340 kB, 1,2 MB."""
    from reglab.provrum.uploads import size_text

    try:
        return size_text(int(size))
    except (TypeError, ValueError):
        return ""
