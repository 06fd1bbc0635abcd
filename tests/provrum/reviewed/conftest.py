"""One document of each kind, for the review workflow's pages and API.

``document`` is parametrised over the project plan and the final report: a test
that takes it runs once for each, through the same URLs' shape and services.
"""

from dataclasses import dataclass

import pytest

from reglab.provrum.models import Provrum
from reglab.provrum.plan import services as plans
from reglab.provrum.report import services as reports
from tests.provrum.plan_fixtures import valid_plan, with_go_ahead
from tests.provrum.report_fixtures import running, valid_report


@dataclass
class Document:
    """One kind of reviewed document on one provrum, with its pages' addresses."""

    name: str
    provrum: Provrum
    cast: dict
    module: object
    first: dict
    second: dict
    # A field of the kind's data that the diff shows, and its text in ``second``.
    changed: str
    path: str

    @property
    def page(self) -> str:
        return f"/provrum/{self.provrum.pk}/{self.path}/"

    @property
    def api(self) -> str:
        return f"/api/v1/provrum/{self.provrum.pk}/{self.name}"

    def service(self, verb):
        return getattr(self.module, f"{self.name}_{verb}")

    def save(self, data, version, by="skane"):
        return self.service("save")(
            provrum=Provrum.objects.get(pk=self.provrum.pk),
            by=self.cast["people"][by],
            data=data,
            version=version,
        )

    def submit(self):
        return self.service("submit")(
            provrum=Provrum.objects.get(pk=self.provrum.pk), by=self.cast["people"]["skane"]
        )

    def current(self):
        return self.service("of")(Provrum.objects.get(pk=self.provrum.pk))


@pytest.fixture(params=["plan", "report"])
def document(request, cast) -> Document:
    if request.param == "plan":
        changed = "Pröva en ny väg för <regional> analys."
        return Document(
            name="plan",
            provrum=with_go_ahead(cast),
            cast=cast,
            module=plans,
            first=valid_plan(),
            second=valid_plan(purpose=changed),
            changed=changed,
            path="plan",
        )
    changed = "Gemensamma <definitioner> kom först."
    return Document(
        name="report",
        provrum=running(cast),
        cast=cast,
        module=reports,
        first=valid_report(),
        second=valid_report(lessons=changed),
        changed=changed,
        path="slutrapport",
    )
