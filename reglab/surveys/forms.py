"""The office's survey form and an organisation's answer form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reglab.meetings.models import Network
from reglab.organisations.models import Organisation
from reglab.surveys.models import Audience, QuestionKind, SurveyAnswer
from reglab.surveys.services.answer import option_number


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opens_on = forms.DateField(label=_("Opens"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes"), widget=forms.DateInput(attrs={"type": "date"}))
    anonymous = forms.BooleanField(
        label=_("Anonymous: results without organisations' names, shown once three have answered"),
        required=False,
    )
    audience = forms.ChoiceField(label=_("Who is asked"), choices=Audience.choices)
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.order_by("name"),
        required=False,
        help_text=_("Only when the survey goes to a network's organisations."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Chosen organisations"),
        queryset=Organisation.objects.active().order_by("name"),
        required=False,
        help_text=_(
            "Only when the survey goes to chosen organisations. Hold down Ctrl (⌘ on a Mac) "
            "to choose more than one."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("A survey cannot close before it opens."))
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "–"), *QuestionKind.choices], required=False
    )
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    options = forms.CharField(
        label=_("Options or stages, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ask_why = forms.BooleanField(label=_("Also ask why"), required=False)
    scale_max = forms.TypedChoiceField(
        label=_("Scale"), choices=[(5, "1–5"), (10, "1–10")], coerce=int, initial=5
    )

    def as_question(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("kind") or not data.get("text"):
            return None
        return {
            "kind": data["kind"],
            "text": data["text"],
            "options": [line for line in data.get("options", "").splitlines() if line.strip()],
            "ask_why": data.get("ask_why", False),
            "scale_max": data.get("scale_max") or 5,
        }


QuestionFormSet = forms.formset_factory(QuestionForm, extra=6, max_num=40)


def answer_fields(survey, answer: SurveyAnswer) -> list[dict]:
    """Each question with the organisation's saved value, for the answer page."""
    rows = []
    for question in survey.questions.all():
        key = str(question.pk)
        value = answer.data.get(key)
        chosen = value if isinstance(value, list) else ([] if value is None else [value])
        # What was typed and refused comes back as text: "2" is option 2.
        chosen = [item if option_number(item) is None else option_number(item) for item in chosen]
        rows.append(
            {
                "question": question,
                "name": key,
                "value": "" if value is None else value,
                "chosen": chosen,
                "why": answer.data.get(f"{key}_why", ""),
                "scale": range(1, question.scale_max + 1),
            }
        )
    return rows


def answers_from_post(survey, post) -> dict:
    """The answer page's fields as the service's ``{"<question id>": value}``."""
    raw = {}
    for question in survey.questions.all():
        key = str(question.pk)
        if question.kind == QuestionKind.MULTIPLE:
            raw[key] = post.getlist(key)
        else:
            raw[key] = post.get(key, "").strip() or None
        if question.ask_why:
            raw[f"{key}_why"] = post.get(f"{key}_why", "")
    return raw


def answer_errors(fields: list[dict], errors: dict) -> list[dict]:
    """The refused answer's messages for the error summary, each linked to its question's
    first box (the why box for a why); each row gets its own messages too (``row["errors"]``)."""
    entries = []
    for row in fields:
        question, key = row["question"], row["name"]
        if question.kind in (QuestionKind.YEAR, QuestionKind.TEXT):
            first = f"q{key}"
        elif question.kind == QuestionKind.SCALE:
            first = f"q{key}-1"
        else:
            options = question.options or [{"id": ""}]
            first = f"q{key}-{options[0]['id']}"
        row["errors"] = errors.get(key, []) + errors.get(f"{key}_why", [])
        entries += [{"id": first, "message": message} for message in errors.get(key, [])]
        entries += [{"id": f"q{key}-why", "message": m} for m in errors.get(f"{key}_why", [])]
    known = {row["name"] for row in fields} | {f"{row['name']}_why" for row in fields}
    others = [message for key, items in errors.items() if key not in known for message in items]
    return [{"id": "", "message": message} for message in others] + entries
