"""Forms for the provrum pages. They parse and check input; the services decide."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from reglab.organisations.models import Organisation
from reglab.provrum.display import display_state_choices
from reglab.provrum.format_rules.services import FORMAT_RULE_FIELDS
from reglab.provrum.models import FormatRules, IntendedUse, Kind, Theme
from reglab.provrum.proposal.services import TEXT_LIMITS, proposal_text_error


def split_themes(text: str) -> list[str]:
    """ "AI, klimat ,  , Klimat" → ["AI", "klimat"]: trimmed, no blanks, no repeats."""
    names = []
    seen = set()
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


class PlainSelect(forms.Select):
    """A single-choice select written out in Python.

    Django renders each option through its own template include; the board's
    organisation filter has hundreds of options, and rendering them so was the
    largest single cost of the board. Every value and label is escaped here.
    Flat choices only (no option groups).
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(choice))}"'
            f"{' selected' if str(choice) in chosen else ''}>{escape(str(label))}</option>"
            for choice, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # Every part is escaped above (name, choices, labels) or built by flatatt, which escapes.
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308  # nosec B308 B703


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), required=False, widget=PlainSelect)
    theme = forms.ChoiceField(label=_("Theme"), required=False, widget=PlainSelect)
    # Any year in range is accepted (a bookmarked address for an empty year still works);
    # the list offers the years that have provrum.
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=2000, max_value=2100, widget=PlainSelect
    )
    organisation = forms.ChoiceField(label=_("Organisation"), required=False, widget=PlainSelect)

    def __init__(self, *args, themes=(), years=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("All states")), *display_state_choices()]
        self.fields["theme"].choices = [
            ("", _("All themes")),
            *((theme.slug, theme.name) for theme in themes),
        ]
        self.fields["year"].widget.choices = [("", _("All years")), *((y, y) for y in years)]
        # (slug, name) pairs: hundreds of them, so no model instances are made.
        self.fields["organisation"].choices = [("", _("All organisations")), *organisations]

    def is_filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)


class ProposalText(forms.CharField):
    """A proposal's title, summary or question, checked by the service's own rule
    (``proposal_text_error``: present, not too long), so the page refuses what the API
    refuses with the same message. The browser still gets ``required`` and ``maxlength``."""

    def __init__(self, *, name, **kwargs):
        self.text_name = name
        super().__init__(max_length=TEXT_LIMITS[name], **kwargs)

    def clean(self, value):
        text = self.to_python(value)
        message = proposal_text_error(self.text_name, text)
        if message:
            raise forms.ValidationError(message, code="invalid")
        return text


class ProvrumForm(forms.Form):
    """A proposal: creating it (with the organisation) or editing it (with the version)."""

    organisation = forms.ModelChoiceField(
        label=_("Proposed on behalf of"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("A member organisation you represent. It takes part from the start."),
    )
    title = ProposalText(name="title", label=_("Title"))
    summary = ProposalText(
        name="summary",
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you want to explore, and why now."),
    )
    question = ProposalText(
        name="question",
        label=_("Main question"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    intended_use = forms.ChoiceField(
        label=_("Intended use"), choices=IntendedUse.choices, widget=forms.RadioSelect
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(suggested=True).order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_themes = forms.CharField(
        label=_("Other themes"),
        required=False,
        max_length=500,
        help_text=_("Separate several themes with commas."),
    )
    wants_to_lead = forms.BooleanField(
        label=_("We want to lead the provrum"),
        required=False,
        help_text=_("The leader convenes the group and is responsible for the reporting."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organisation"]
            del self.fields["wants_to_lead"]
        else:
            del self.fields["version"]
            self.fields["organisation"].queryset = organisations
            if organisations is not None and len(organisations) == 1:
                self.fields["organisation"].initial = organisations[0]

    def theme_names(self) -> list[str]:
        names = [theme.name for theme in self.cleaned_data.get("themes") or []]
        known = {name.casefold() for name in names}
        for name in split_themes(self.cleaned_data.get("other_themes", "")):
            if name.casefold() not in known:
                known.add(name.casefold())
                names.append(name)
        return names

    def service_values(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in ("title", "summary", "question", "kind")}
        values["intended_use"] = data["intended_use"]
        values["themes"] = self.theme_names()
        return values


class InterestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    wants_to_lead = forms.BooleanField(label=_("We want to lead the provrum"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class LeaderForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Leader organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    """The office's go-ahead, decline or lapse, with a comment.

    With warnings to acknowledge, the form says precisely what is missing: a tick
    on each warning, the comment, or both (the service refuses the same).
    """

    comment = forms.CharField(
        label=_("Comment on the decision"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    acknowledge = forms.MultipleChoiceField(
        label=_("Acknowledge each warning"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, warning_codes=(), **kwargs):
        kwargs.setdefault("auto_id", "id_go_ahead_%s")
        super().__init__(*args, **kwargs)
        self.warning_codes = list(warning_codes)
        self.fields["acknowledge"].choices = [(code, code) for code in warning_codes]

    def clean(self):
        data = super().clean()
        if not self.warning_codes:
            return data
        if set(data.get("acknowledge") or ()) < set(self.warning_codes):
            self.add_error("acknowledge", _("Tick each warning to acknowledge it."))
        if not (data.get("comment") or "").strip() and "comment" not in self.errors:
            self.add_error(
                "comment", _("Write a comment on why the go-ahead is given despite the warnings.")
            )
        return data


class FormatRulesForm(forms.Form):
    """The format's thresholds; the service checks their ranges and their order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FORMAT_RULE_FIELDS:
            model_field = FormatRules._meta.get_field(name)
            self.fields[name] = forms.IntegerField(
                label=capfirst(model_field.verbose_name),
                min_value=0,
                max_value=100_000_000,
            )
