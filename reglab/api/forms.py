from django import forms
from django.utils.translation import gettext_lazy as _

# A token that lives for ever is a token nobody remembers to revoke: the page
# offers a choice of lifetimes (the api_token command can still make one without).
EXPIRY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (365, _("One year")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("So that you recognise the token later, e.g. the script that uses it."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Valid for"), choices=EXPIRY_CHOICES, coerce=int, initial=90
    )
