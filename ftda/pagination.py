"""A list's first page and the number of rows behind it in one query."""

from django.core.paginator import Paginator
from django.db.models import Count, Window


class WindowCountPaginator(Paginator):
    """Reads the first page's rows with the total of the list (`COUNT(*) OVER ()`): one
    query where `Paginator` sends a `COUNT` first, which repeats the list's whole filtering
    (a search: 3.5 ms of 7 in PostgreSQL, bench/README.md).

    The first page only, which is what a search or a caseload shows nearly every time: the
    next pages, and page numbers past the end (Django then shows the last page), take
    `Paginator`'s two queries, so that each path costs a fixed number of queries whatever
    the data.

    Worth it when the rows before `LIMIT` are few or must all be computed anyway: a member's
    caseload, any search. Not for an unfiltered list of the whole directory, where the window
    makes PostgreSQL keep every row instead of a top-25 sort (the direction's list: 8 ms
    became 43 ms): use `Paginator` there.
    """

    total_column = "window_total"

    def get_page(self, number):
        if not self._is_first_page(number) or self.orphans or not self.allow_empty_first_page:
            return super().get_page(number)
        window = self.object_list.annotate(**{self.total_column: Window(Count("*"))})
        rows = list(window[: self.per_page])
        self.count = getattr(rows[0], self.total_column) if rows else 0
        return self._get_page(rows, 1, self)

    @staticmethod
    def _is_first_page(number):
        try:
            return int(number) == 1
        except (TypeError, ValueError):
            return True  # not a page number: Django shows the first page
