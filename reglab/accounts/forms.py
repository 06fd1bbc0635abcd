from allauth.account import forms as allauth_forms
from allauth.account.utils import filter_users_by_email
from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.accounts.models import User
from reglab.accounts.selectors import person_may_prove_address
from reglab.organisations.models import Organisation


class AffiliationRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        error_messages={
            "required": _("Choose the organisation you represent."),
            "invalid_choice": _("Choose an organisation from the list."),
        },
    )
    role_description = forms.CharField(
        label=_("Your role at the organisation"),
        required=False,
        max_length=150,
        help_text=_("For example: strategist, regional development."),
    )
    message = forms.CharField(
        label=_("Message to the office (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active().order_by("name")


class AffiliationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("reject", _("Reject"))],
        error_messages={"required": _("Choose whether to confirm or reject.")},
    )
    comment = forms.CharField(
        label=_("Comment to the person (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    address_checked = forms.BooleanField(
        label=_("I have checked the address in another way"),
        required=False,
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "title"]


class _VisibleLabelsOnly:
    """
    Drop allauth's placeholders: every field has a visible label, and a
    placeholder that repeats it only looks like text already filled in.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class SignInForm(_VisibleLabelsOnly, allauth_forms.LoginForm):
    """Allauth's sign-in form; the page itself links to the password reset."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        if "password" in self.fields:
            self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class RequestSignInCodeForm(_VisibleLabelsOnly, allauth_forms.RequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")

    def clean_email(self):
        """Send a code only where it may open the account (person_may_prove_address).

        Otherwise allauth answers as for an unknown address, so the page reads
        the same either way.
        """
        email = super().clean_email()
        if email and getattr(self, "_user", None):
            people = filter_users_by_email(email, is_active=True, prefer_verified=True)
            self._user = next(
                (p for p in people if person_may_prove_address(person=p, email=email)), None
            )
        return email


class ConfirmSignInCodeForm(_VisibleLabelsOnly, allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Sign-in code")


class PasswordResetRequestForm(_VisibleLabelsOnly, allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")

    def clean_email(self):
        """Send a reset link only where it may open the account, as for sign-in codes."""
        email = super().clean_email()
        self.users = [
            person for person in self.users if person_may_prove_address(person=person, email=email)
        ]
        return email


class AccountSignupForm(_VisibleLabelsOnly, allauth_forms.SignupForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.order_fields(["name", "email"])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."), code="required")
        return name

    def signup(self, request, user):
        """Called by allauth once the account is made: keep the name given."""
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])

    def validate_unique_email(self, value):
        """An address only waiting, unproven, on someone else's account is not taken.

        Anyone signed in can add any address to their account; were that to
        reserve it, its owner could neither sign up (allauth would only mail
        them that an account exists) nor sign in (the address opens no account
        it is not proven on, reglab.accounts.selectors.person_may_prove_address).
        """
        email = super().validate_unique_email(value)
        if self.account_already_exists and not any(
            person_may_prove_address(person=person, email=email)
            for person in filter_users_by_email(email)
        ):
            self.account_already_exists = False
        return email
