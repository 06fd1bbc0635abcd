"""The host's form for a live question, and reading a phone's answer form."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.live import rules
from reglab.live.models import QuestionKind
from reglab.live.rules import AnswerIn


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=rules.QUESTION_MAX_LENGTH)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line. For a date poll the dates, as YYYY-MM-DD. "
            "Not needed for a reflection or a scale."
        ),
        max_length=rules.OPTIONS_MAX * (rules.OPTION_MAX_LENGTH + 2),
    )
    item = forms.TypedChoiceField(
        label=_("Programme item"), required=False, coerce=int, empty_value=None
    )
    anonymous = forms.BooleanField(label=_("Anonymous answers"), required=False, initial=True)
    ask_why = forms.BooleanField(
        label=_("Ask “why?” with the choice"),
        required=False,
        help_text=_("Single and multiple choice."),
    )
    dots = forms.IntegerField(
        label=_("Dots per participant"),
        min_value=1,
        max_value=rules.DOTS_MAX,
        initial=3,
        help_text=_("For a list to prioritise."),
    )
    scale_max = forms.TypedChoiceField(
        label=_("Scale"), choices=[(5, "1–5"), (10, "1–10")], coerce=int, initial=5
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("None"))] + [(item.pk, str(item)) for item in items]

    def option_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class BankAddForm(forms.Form):
    """Ask a question from the bank at this meeting (under a programme item)."""

    bank = forms.TypedChoiceField(label=_("Question from the bank"), coerce=int)
    item = forms.TypedChoiceField(
        label=_("Programme item"), required=False, coerce=int, empty_value=None
    )
    dates = forms.CharField(
        label=_("Dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for a date poll: this meeting's dates, one per line, as YYYY-MM-DD."),
        max_length=rules.OPTIONS_MAX * 12,
    )

    def __init__(self, *args, bank=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        office = _("the office")
        self.fields["bank"].choices = [
            (
                found.pk,
                f"{found.text} ({found.get_kind_display()}, "
                f"{found.network.name if found.network_id else office})",
            )
            for found in bank
        ]
        self.fields["item"].choices = [("", _("None"))] + [(item.pk, str(item)) for item in items]

    def date_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["dates"].splitlines() if line.strip()]


# ASCII digits only: "²" and "①" pass str.isdigit but not int(), nor does "--2".
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}")


def _number(text: str):
    """A whole number typed in a form, or the text as typed (the rules refuse it)."""
    text = (text or "").strip()
    if WHOLE_NUMBER.fullmatch(text):
        return int(text)
    return text


def answer_from_post(question, data) -> AnswerIn:
    """The phone's answer form, read by the question's kind, as the API's answer."""
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return AnswerIn(options=data.getlist("option"), text=data.get("text", ""))
    if kind == QuestionKind.TEXT:
        return AnswerIn(text=data.get("text", ""))
    if kind == QuestionKind.PRIORITISE:
        dots = {}
        for option in question.options.all():
            value = data.get(f"dots-{option.pk}", "").strip()
            if value:
                dots[str(option.pk)] = _number(value)
        return AnswerIn(dots=dots)
    if kind == QuestionKind.SCALE:
        value = data.get("value")
        return AnswerIn(value=None if value is None else _number(value))
    if kind == QuestionKind.DATES:
        dates = {
            str(option.pk): data[f"date-{option.pk}"]
            for option in question.options.all()
            if data.get(f"date-{option.pk}")
        }
        return AnswerIn(
            dates=dates,
            volunteer_name=data.get("volunteer_name", ""),
            volunteer_organisation=data.get("volunteer_organisation", ""),
        )
    return AnswerIn()
