"""Validators shared by models, forms and the API."""

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# A link people follow from the platform: only web addresses. Django's URLField also takes
# ftp:// and ftps://, which a browser no longer opens and which say nothing a person needs.
validate_web_address = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with https:// or http://."),
)
