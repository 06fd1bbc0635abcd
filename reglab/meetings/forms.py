"""Forms of the meeting pages: registration (signed-in and guest), the host's forms, filters."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reglab.core.uploads import size_text
from reglab.meetings.models import ItemKind, Meeting, MeetingKind, Network
from reglab.meetings.services.meeting import MEETING_FIELDS
from reglab.organisations.models import Organisation

SPEAKER_ROWS = 3


class QuestionsMixin:
    """Adds one text field per host question (``question_<pk>``)."""

    def add_questions(self, questions):
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.CharField(
                label=question.text, required=question.required, max_length=1000
            )

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}", "")
            for question in self.questions
        }


class RegistrationForm(QuestionsMixin, forms.Form):
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        max_length=300,
        help_text=_("Allergies or special food, if any."),
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_questions(questions)


class GuestRegistrationForm(RegistrationForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link there; your place is held once you confirm it."),
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    field_order = ["name", "email", "organisation_name", "dietary_needs"]

    def __init__(self, *args, prefix="guest", **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.order_fields(self.field_order)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        # What the host sets, in the services' order; a draft is made elsewhere (the
        # live dialog's date poll) and published with its own button.
        fields = [name for name in MEETING_FIELDS if name != "is_draft"]
        widgets = {
            "date": DateInput(),
            "end_date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "registration_opens": DateTimeInput(),
            "registration_closes": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if networks is not None:
            self.fields["network"].queryset = networks


class ProgrammeItemForm(forms.Form):
    day = forms.DateField(
        label=_("Day"), required=False, widget=DateInput(), help_text=_("Empty: the first day.")
    )
    start_time = forms.TimeField(label=_("Time"), widget=TimeInput())
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.order_by("name")
        for number in range(1, SPEAKER_ROWS + 1):
            self.fields[f"speaker_{number}_name"] = forms.CharField(
                label=_("Speaker %(number)s: name") % {"number": number},
                required=False,
                max_length=150,
            )
            self.fields[f"speaker_{number}_organisation"] = forms.ModelChoiceField(
                label=_("Speaker %(number)s: organisation at Reglab") % {"number": number},
                queryset=organisations,
                required=False,
            )
            self.fields[f"speaker_{number}_organisation_name"] = forms.CharField(
                label=_("Speaker %(number)s: other organisation") % {"number": number},
                required=False,
                max_length=200,
            )

    def speakers(self):
        return [
            (
                self.cleaned_data.get(f"speaker_{number}_name", ""),
                self.cleaned_data.get(f"speaker_{number}_organisation"),
                self.cleaned_data.get(f"speaker_{number}_organisation_name", ""),
            )
            for number in range(1, SPEAKER_ROWS + 1)
        ]


class SlideForm(forms.Form):
    file = forms.FileField(label=_("Slides"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, PowerPoint, Word, Excel or an image; at most %(size)s."
        ) % {"size": size_text(settings.DOCUMENT_MAX_BYTES)}


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    required = forms.BooleanField(label=_("An answer is required"), required=False)


class DocumentationForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes from the meeting"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class YearFilterForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = [
            ("", _("All networks")),
            *Network.objects.order_by("name").values_list("slug", "name"),
        ]
