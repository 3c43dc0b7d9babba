"""Rights of the person: everything held on them, as JSON or PDF, produced by a manager of
a structure that supports (or supported) them. Every download is logged."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from ftda import access
from ftda.enums import AccessAction, MembershipRole
from ftda.models import Pathway, Person
from ftda.pdf import render_pdf
from ftda.personal_data import as_sections, collect_all
from ftda.services import log_access


def managed_pathway(user, person):
    """A pathway of `person` in a structure the user manages, or None."""
    return (
        Pathway.objects.filter(
            person=person,
            structure_id__in=access.member_structure_ids(user, roles=[MembershipRole.MANAGER]),
        )
        .select_related("structure")
        .first()
    )


def person_data(request, pk):
    person = get_object_or_404(Person.objects.for_user(request.user), pk=pk)
    pathway = managed_pathway(request.user, person)
    if pathway is None:
        raise Http404
    data = collect_all(person)
    stamp = timezone.localdate().isoformat()
    basename = f"donnees-personne-{person.pk}-{stamp}"
    if request.GET.get("format") == "json":
        log_access(
            request=request, action=AccessAction.EXPORT, person=person, structure=pathway.structure
        )
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{basename}.json"'
        return response
    html = render_to_string(
        "ftda/pdf/personal_data.html",
        {"person": person, "sections": as_sections(data), "now": timezone.localtime()},
    )
    log_access(request=request, action=AccessAction.PDF, person=person, structure=pathway.structure)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{basename}.pdf"'
    return response
