from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.organisations.models import Kind, Membership


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    membership = forms.ChoiceField(
        label=_("Membership"),
        required=False,
        choices=[("", _("Members and partners")), *Membership.choices],
    )
