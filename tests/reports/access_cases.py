"""Access rules of the report URLs: managers of the structure and the direction only."""

from django.core.files.base import ContentFile

from tests.access import LOGIN, Case, manager_only
from tests.reports.factories import ReportFactory

REPORTERS = {
    "anonymous": (LOGIN, LOGIN),
    "social_worker": (404, 404),
    "manager": (200, 200),
    "other_worker": (404, 404),
    "direction": (200, 200),
    "admin": (404, 404),
}


def extend_world(world):
    for name, structure in (("report_in", world.home), ("report_out", world.other)):
        report = ReportFactory(structure=structure, created_by=world.users["direction"])
        report.pdf.save("rapport.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        report.xlsx.save("rapport.xlsx", ContentFile(b"PK test"), save=False)
        report.save()
        world.objects[name] = report


def report_in(world):
    return {"pk": world.obj("report_in").pk}


def report_out(world):
    return {"pk": world.obj("report_out").pk}


def pdf_in(world):
    return {"pk": world.obj("report_in").pk, "fmt": "pdf"}


def pdf_out(world):
    return {"pk": world.obj("report_out").pk, "fmt": "pdf"}


def home_list_filters(world):
    return {"du": "2017-01-01", "au": "2017-12-31", "structures": str(world.home.pk)}


def draft_of_home(world):
    return {"perimetre": f"structure:{world.home.pk}", "annee": "2017"}


CASES = {
    "dashboard:index": Case(None, None, REPORTERS),
    "reports:report": Case(None, None, REPORTERS),
    "reports:mine": Case(None, None, REPORTERS),
    "reports:save_draft": Case(
        None,
        None,
        REPORTERS | {"manager": (302, 302), "direction": (302, 302)},
        method="post",
        data=draft_of_home,
    ),
    "reports:detail": manager_only(report_in, report_out),
    "reports:progress": manager_only(report_in, report_out),
    "reports:download": manager_only(pdf_in, pdf_out),
    "reports:generate": manager_only(report_in, report_out, method="post", ok=302, direction=302),
    "reports:publish": manager_only(report_in, report_out, method="post", ok=302, direction=302),
    "reports:new_version": manager_only(
        report_in, report_out, method="post", ok=302, direction=302
    ),
    "reports:persons": Case(None, None, REPORTERS, data=home_list_filters),
    "reports:follow_ups": Case(None, None, REPORTERS, data=home_list_filters),
}
