"""Forms for signing in and choosing a location."""

from django import forms


class SignInForm(forms.Form):
    """The Altegio login (phone or e-mail) and password; Django's field names."""

    username = forms.CharField(
        label="Altegio login",
        max_length=254,
        help_text="The phone number or e-mail you use to sign in to Altegio.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        max_length=512,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class LocationChoiceForm(forms.Form):
    """The location switcher in the header."""

    location_id = forms.IntegerField(min_value=1)
