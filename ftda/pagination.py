"""A page and the number of rows behind it in one query."""

from django.core.paginator import Paginator
from django.db.models import Count, Window


class WindowCountPaginator(Paginator):
    """Reads a page's rows with the total of the list (`COUNT(*) OVER ()`): one query where
    `Paginator` sends a `COUNT` first, which repeats the list's whole filtering (a search:
    3.5 ms of 7 in PostgreSQL, bench/README.md).

    Worth it when the rows before `LIMIT` are few or must all be computed anyway: a member's
    caseload, any search. Not for an unfiltered list of the whole directory, where the window
    makes PostgreSQL keep every row instead of a top-25 sort (the direction's list: 8 ms
    became 43 ms): use `Paginator` there. Past the last page, or with no row at all, it falls
    back on `Paginator`'s two queries, which show the last page as it does.
    """

    total_column = "window_total"

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number >= 1 and not self.orphans:
            bottom = (number - 1) * self.per_page
            window = self.object_list.annotate(**{self.total_column: Window(Count("*"))})
            rows = list(window[bottom : bottom + self.per_page])
            if rows:
                self.count = getattr(rows[0], self.total_column)
                return self._get_page(rows, number, self)
        return super().get_page(number)
