"""Forms of the results pages: the index's filter and the newsletter's period."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A newsletter covers at most a year of results.
MAX_PERIOD_DAYS = 366
EARLIEST = date(2000, 1, 1)


class ResultFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    # Any year in range is accepted (a bookmarked address for an empty year still works);
    # the list offers the years that have results.
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=2000, max_value=2100, widget=forms.Select
    )

    def __init__(self, *args, themes=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [
            ("", _("All themes")),
            *((theme.slug, theme.name) for theme in themes),
        ]
        self.fields["year"].widget.choices = [("", _("All years")), *((y, y) for y in years)]

    def is_filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)


def month_before(day: date) -> date:
    """The same day a month earlier, or the month's last day when it has fewer days."""
    first_of_month = day.replace(day=1)
    previous_month_end = first_of_month - timedelta(days=1)
    return previous_month_end.replace(day=min(day.day, previous_month_end.day))


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last month, up to and including today."""
    today = today or timezone.localdate()
    return month_before(today), today


class PeriodForm(forms.Form):
    """The period a newsletter draft covers: from and to, both days included."""

    start = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the first day of the period."),
            "invalid": _("Enter a date such as 2026-05-01."),
        },
    )
    end = forms.DateField(
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the last day of the period."),
            "invalid": _("Enter a date such as 2026-05-31."),
        },
    )

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start < EARLIEST:
            raise forms.ValidationError(
                _("The period cannot start before %(date)s."),
                code="too_early",
                params={"date": EARLIEST.isoformat()},
            )
        if start > timezone.localdate():
            raise forms.ValidationError(
                _("The period cannot start after today: nothing has been published yet."),
                code="in_future",
            )
        return start

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error(
                    "end",
                    forms.ValidationError(
                        _("The last day cannot come before the first day."), code="end_before_start"
                    ),
                )
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error(
                    "end",
                    forms.ValidationError(
                        _("A newsletter covers at most a year: choose a shorter period."),
                        code="too_long",
                    ),
                )
        return cleaned
