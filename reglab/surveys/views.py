"""The surveys' pages, under /enkater/ (Swedish paths).

Every page checks the person's right on the survey: the same 404 for a missing
survey and one the person may not see; 403 for an action they may not take.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from reglab.core.limits import (
    RateLimited,
    export_limited,
    limit_take,
    limit_take_for,
    limited_response,
)
from reglab.provrum.web import error_dict, is_stale
from reglab.surveys import exports, maps, selectors
from reglab.surveys.access import (
    can_manage,
    may_create_any,
    represented_organisation_ids,
    surveys_visible_to,
)
from reglab.surveys.forms import (
    QuestionFormSet,
    SurveyForm,
    answer_errors,
    answer_fields,
    answers_from_post,
)
from reglab.surveys.services import answer as answer_services
from reglab.surveys.services import reminders
from reglab.surveys.services import survey as survey_services

# The list of all surveys grows by a few each year: pages keep it readable on a phone.
SURVEYS_PER_PAGE = 20


@login_required
@require_safe
def survey_list(request):
    surveys = surveys_visible_to(request.user).order_by("-opens_on", "-pk")
    page = Paginator(surveys, SURVEYS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": page.object_list,
            "page": page,
            "open_surveys": selectors.open_surveys_for(request.user),
            "can_create": may_create_any(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_create(request):
    form = SurveyForm(request.POST or None)
    questions = QuestionFormSet(request.POST or None, prefix="q")
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        data = form.cleaned_data
        try:
            survey = survey_services.survey_create(
                by=request.user,
                title=data["title"],
                introduction=data["introduction"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                anonymous=data["anonymous"],
                audience=data["audience"],
                network=data["network"],
                organisations=list(data["organisations"]),
                questions=[q for q in (f.as_question() for f in questions) if q],
            )
        except PermissionDenied as refused:
            raise PermissionDenied(str(refused)) from None
        except ValidationError as error:
            for field, errors in error_dict(error).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The survey is saved and sent to its organisations."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "questions": questions})


@login_required
@require_safe
def survey_detail(request, pk):
    survey = selectors.survey_get_for(user=request.user, pk=pk)
    managing = can_manage(request.user, survey)
    own = represented_organisation_ids(request.user)
    recipients = selectors.recipients_state(survey) if managing else []
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "managing": managing,
            "recipients": recipients,
            # The reminder button asks first, naming how many organisations it reaches.
            "waiting_count": sum(1 for row in recipients if row["status"] != "submitted"),
            "is_open": survey.is_open(),
            "own_organisations": survey.recipients.filter(pk__in=own).order_by("name"),
            "questions": survey.questions.all(),
            "may_read_results": selectors.may_read_results(request.user, survey),
        },
    )


@login_required
@require_POST
def survey_remind(request, pk):
    survey = selectors.survey_get_for(user=request.user, pk=pk)
    if not can_manage(request.user, survey):
        raise PermissionDenied(_("You do not manage this survey."))
    # Each reminder e-mails every representative who has not answered: a script (or a
    # coordinator's impatience) must not turn it into a stream of mail, nor several
    # people managing one survey together.
    try:
        limit_take(request.user, "remind")
        limit_take_for("survey_reminders", f"survey:{survey.pk}")
    except RateLimited as error:
        return limited_response(request, error)
    url = request.build_absolute_uri(reverse("surveys:detail", kwargs={"pk": survey.pk}))
    try:
        count = reminders.reminder_send(by=request.user, survey=survey, url=url)
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect("surveys:detail", pk=survey.pk)
    messages.success(
        request,
        ngettext(
            "A reminder was sent to %(count)s person.",
            "A reminder was sent to %(count)s people.",
            count,
        )
        % {"count": count},
    )
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer_edit(request, pk, organisation):
    survey = selectors.survey_get_for(user=request.user, pk=pk)
    found = get_object_or_404(survey.recipients.all(), slug=organisation)
    if found.pk not in represented_organisation_ids(request.user):
        raise PermissionDenied(_("Only the organisation's representatives read its answer."))
    answer = answer_services.answer_of(survey, found)
    error_messages, status = {}, 200
    if request.method == "POST":
        raw = answers_from_post(survey, request.POST)
        try:
            answer = answer_services.answer_save(
                by=request.user,
                survey=survey,
                organisation=found,
                version=request.POST.get("version"),
                answers=raw,
            )
            if "submit" in request.POST:
                answer = answer_services.answer_submit(
                    by=request.user, survey=survey, organisation=found, version=answer.version
                )
        except ValidationError as error:
            status = 409 if is_stale(error) else 422
            error_messages = error_dict(error)
            # What was typed stays on the page; the saved answer's version is shown.
            typed = answer_services.answer_of(survey, found)
            typed.data = {key: value for key, value in raw.items() if value not in (None, "", [])}
            answer_version = answer_services.answer_of(survey, found).version
            answer = typed
            answer.version = answer_version if status == 409 else answer.version
        else:
            messages.success(
                request,
                _("The answer is submitted.")
                if "submit" in request.POST
                else _("The answer is saved."),
            )
            return redirect("surveys:answer", pk=survey.pk, organisation=found.slug)
    fields = answer_fields(survey, answer)
    return render(
        request,
        "surveys/answer_form.html",
        {
            "survey": survey,
            "organisation": found,
            "answer": answer,
            "fields": fields,
            "errors": answer_errors(fields, error_messages),
            "history": answer.versions.select_related("author")[:20] if answer.pk else [],
            "writable": survey.is_open(),
        },
        status=status,
    )


def results_context(request, survey):
    if not selectors.may_read_results(request.user, survey):
        raise PermissionDenied(_("You may not read this survey's results."))
    results = selectors.survey_results(survey)
    mappable = [row for row in results.questions if row.question.options]
    chosen = None
    if mappable:
        wanted = request.GET.get("karta", "")
        chosen = next((row for row in mappable if str(row.question.pk) == wanted), mappable[0])
    # A map of the regions names each region's answer: never for an anonymous survey.
    showable = chosen and not results.hidden and not survey.anonymous
    region_map = maps.answer_map(survey, chosen.question) if showable else None
    return {
        "survey": survey,
        "results": results,
        "mappable": mappable,
        "chosen": chosen,
        "region_map": region_map,
    }


@login_required
@require_safe
def survey_results(request, pk):
    survey = selectors.survey_get_for(user=request.user, pk=pk)
    return render(request, "surveys/results.html", results_context(request, survey))


@login_required
@require_safe
@export_limited
def survey_export(request, pk, fmt):
    survey = selectors.survey_get_for(user=request.user, pk=pk)
    if not selectors.may_read_results(request.user, survey):
        raise PermissionDenied(_("You may not read this survey's results."))
    results = selectors.survey_results(survey)
    if results.hidden:
        raise PermissionDenied(_("The results appear once three organisations have answered."))
    if fmt == "xlsx":
        response = HttpResponse(
            exports.results_xlsx(results), content_type=exports.XLSX_CONTENT_TYPE
        )
    else:
        response = HttpResponse(exports.results_csv(results), content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="enkat-{survey.pk}.{fmt}"'
    return response
