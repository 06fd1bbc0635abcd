"""Sweden's 21 regions coloured by each region's answer to one choice question.

The counties' shapes are the evaluation dashboard's (``sweden_map.map_shape``,
from the vendored GeoJSON); here each region gets the colour of the option its
organisation chose (grey for no answer), with a legend and a table.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from reglab.evaluation.sweden_map import map_shape
from reglab.surveys.models import QuestionKind, SurveyAnswer

# Distinguishable colours (colour-blind safe, Okabe–Ito order), for up to 8 options.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
# Stages in order: light to dark, so the country reads as a progression.
SEQUENCE = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b", "#041c40")
NO_ANSWER = "#b8bec4"


@dataclass
class MapRegion:
    code: str
    county: str
    path: str
    organisation: str
    answer: str
    fill: str


@dataclass
class AnswerMap:
    question: object
    width: float
    height: float
    regions: list
    legend: list  # (label, fill, count)


def option_fills(question) -> dict:
    colours = SEQUENCE if question.kind == QuestionKind.STAGE else PALETTE
    return {
        option["id"]: colours[min(index, len(colours) - 1)]
        for index, option in enumerate(question.options)
    }


def answer_map(survey, question) -> AnswerMap:
    """Each county's region (a recipient with ``is_region``) and its submitted answer.

    A multiple-choice answer is coloured by its first option. Two queries.
    """
    shape = map_shape()
    regions = {
        organisation.county_code: organisation
        for organisation in survey.recipients.filter(is_region=True)
    }
    values = dict(
        SurveyAnswer.objects.filter(
            survey=survey, status=SurveyAnswer.Status.SUBMITTED, organisation__is_region=True
        ).values_list("organisation__county_code", "data")
    )
    fills = option_fills(question)
    counts = {option_id: 0 for option_id in fills}
    rows = []
    for county in shape.counties:
        organisation = regions.get(county.code)
        value = (values.get(county.code) or {}).get(str(question.pk))
        if isinstance(value, list):
            value = value[0] if value else None
        fill = fills.get(value, NO_ANSWER)
        if value in counts:
            counts[value] += 1
        rows.append(
            MapRegion(
                code=county.code,
                county=county.name,
                path=county.path,
                organisation=organisation.name if organisation else "",
                answer=question.option_label(value) if value in fills else _("No answer"),
                fill=fill,
            )
        )
    legend = [
        (option["label"], fills[option["id"]], counts[option["id"]]) for option in question.options
    ]
    legend.append((_("No answer"), NO_ANSWER, sum(1 for row in rows if row.fill == NO_ANSWER)))
    return AnswerMap(
        question=question, width=shape.width, height=shape.height, regions=rows, legend=legend
    )
