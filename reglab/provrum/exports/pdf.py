"""The project plan as an A4 PDF (WeasyPrint), from ``provrum/exports/plan_pdf.html``."""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reglab.provrum.exports.document import headings, plan_document


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in the print style sheet."""
    return re.sub(r'["\\\n\r<>]', "", str(text))


def plan_pdf(provrum, data: dict) -> bytes:
    """The project plan as an A4 PDF, from ``provrum/exports/plan_pdf.html``."""
    from weasyprint import HTML

    plan = plan_document(provrum, data)
    html = render_to_string(
        "provrum/exports/plan_pdf.html",
        {
            "plan": plan,
            "headings": headings(),
            "language": get_language() or settings.LANGUAGE_CODE,
            "running_title": _css_string(f"{_('Project plan')} – {plan.title}"),
            "page_word": _css_string(_("Page")),
        },
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
