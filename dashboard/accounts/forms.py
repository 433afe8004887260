"""Forms for signing in and choosing a location."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .logins import NOT_A_LOGIN, NotALogin, read_login


class SignInForm(forms.Form):
    """The Altegio login (phone or e-mail) and password; Django's field names."""

    username = forms.CharField(
        label=_("Altegio login"),
        max_length=254,
        help_text=_("The phone number or e-mail you use to sign in to Altegio."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=512,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_username(self) -> str:
        """The login as Altegio is sent it: an e-mail, or a phone in E.164 (+13155550176)."""
        try:
            return read_login(self.cleaned_data["username"]).value
        except NotALogin:
            raise forms.ValidationError(NOT_A_LOGIN, code="not_a_login") from None


class LocationChoiceForm(forms.Form):
    """The location switcher in the header."""

    location_id = forms.IntegerField(min_value=1)
