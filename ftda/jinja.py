"""Jinja2 for the rows of the long lists (form widgets have their own: ftda.forms).

A list page (caseload, stays, AGIR caseload, duos, a person's follow-ups) is a Django
template; only what repeats for each of its rows is a Jinja2 template (`*.jinja`, beside it),
which the page includes with `{% jinja_include "…/_rows.jinja" %}`
(ftda.templatetags.ftda_tags). Django's template language resolves each `{{ row.field }}`
through several lookups and escapes it through several calls: 25 rows cost 2.7 ms (stays)
to 4.6 ms (caseload) of CPU there, against 0.6 and 0.35 ms in Jinja2, with the same HTML
(bench/README.md, sixth round). Those rows are most of the template work of the pages that
social workers open all day.

What the row templates must mind, coming from Django's language:
- methods are called explicitly: `{{ stay.get_exit_outcome_display() }}`;
- `default` replaces an undefined value only, unless told otherwise: `|default("—", true)`
  is Django's `|default:"—"`;
- comparing with None is an error, not False: test the value first;
- an undefined name or attribute is an error (`StrictUndefined`) where Django prints an
  empty string: a misspelt field fails the tests instead of leaving a blank cell.
Autoescaping is on, as in Django, with two entities spelt otherwise: an apostrophe is `&#39;`
(Django: `&#x27;`) and a double quote `&#34;` (Django: `&quot;`). Escaping as Django spells
them, through the environment's `finalize`, cost 2.4 million instructions a caseload page
(5 %), for the same characters on screen.
"""

import jinja2
from django.template.defaultfilters import linebreaksbr

from ftda.templatetags.ftda_tags import short_date, url_pk


def environment(**options):
    options["undefined"] = jinja2.StrictUndefined
    options.pop("autoescape", None)
    env = jinja2.Environment(autoescape=True, **options)
    env.filters.update(short_date=short_date, url_pk=url_pk, linebreaksbr=linebreaksbr)
    return env
