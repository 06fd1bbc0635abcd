from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reglab.notifications.models import EmailFrequency


class NotificationSettingsForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=_("E-mail about notifications"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
    )
    new_proposals = forms.BooleanField(
        label=_("Tell me when a member organisation publishes a new proposal"),
        required=False,
        help_text=_("You are always told about provrum your organisation takes part in."),
    )
    language = forms.ChoiceField(
        label=_("Language of e-mails"),
        choices=settings.LANGUAGES,
    )
