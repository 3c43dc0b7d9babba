"""Database expressions shared by the apps."""

from django.contrib.postgres.fields import DateRangeField
from django.db.models import Func


class DateRange(Func):
    """`daterange(lower, upper[, bounds])` of PostgreSQL, for the exclusion constraints that
    keep periods from overlapping (stays, capacity, referents, duos). The apps' migrations
    name it through each app's `models` module, which imports it from here."""

    function = "daterange"
    output_field = DateRangeField()
