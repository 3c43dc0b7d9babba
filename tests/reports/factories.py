import datetime

import factory
from django.utils import timezone

from ftda.reports.models import Report
from tests.ftda.factories import StructureFactory, UserFactory


class ReportFactory(factory.django.DjangoModelFactory):
    """A draft report of one structure for 2017."""

    period_start = datetime.date(2017, 1, 1)
    period_end = datetime.date(2017, 12, 31)
    structure = factory.SubFactory(StructureFactory)
    scope_key = factory.LazyAttribute(lambda o: f"structure:{o.structure.pk}")
    scope_label = factory.LazyAttribute(lambda o: o.structure.name)
    structure_ids = factory.LazyAttribute(lambda o: [o.structure.pk])
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Report
        exclude = ["structure"]

    class Params:
        published = factory.Trait(
            status="published",
            published_by=factory.SelfAttribute("created_by"),
            published_at=factory.LazyFunction(timezone.now),
            data=factory.LazyFunction(lambda: {"sections": []}),
        )
