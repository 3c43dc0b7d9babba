"""Everything the core holds on one person, for the person's right of access.

Each app adds its own part through `<app>/personal_data.py: collect(person) -> dict`
(`{"Titre de la section": [ {"Colonne": valeur, …}, … ] }` or `{"Titre": {"Champ": valeur}}`);
`ftda.personal_data.collect_all(person)` assembles them. Values must be JSON-serialisable
(dates included, through DjangoJSONEncoder).
"""

from importlib import import_module

from django.conf import settings

from ftda.models import AccessLog, FollowUp, HouseholdMember, Person


def _identity(person):
    return {
        "Nom": person.last_name,
        "Prénoms": person.first_names,
        "Date de naissance": person.birth_date,
        "Sexe": person.get_sex_display(),
        "Nationalité": person.nationality.name if person.nationality else "",
        "Langues parlées": ", ".join(person.language_names()),
        "Statut de protection": person.get_protection_status_display(),
        "Date de la décision de protection": person.protection_decided_on,
        "Numéro AGDREF": person.agdref_number or "",
        "Téléphone": str(person.phone or ""),
        "Courriel": person.email,
        "Dossier créé le": person.created_at,
        "Dernière modification": person.updated_at,
    }


def _household(person):
    members = HouseholdMember.objects.filter(household__members__person=person).select_related(
        "person", "household"
    )
    return [
        {
            "Ménage": member.household.label,
            "Membre": str(member.person),
            "Lien": member.get_relationship_display(),
        }
        for member in members
    ]


def _pathways(person):
    return [
        {
            "Structure": pathway.structure.name,
            "Début": pathway.started_on,
            "Fin": pathway.ended_on,
        }
        for pathway in person.pathways.select_related("structure").order_by("started_on")
    ]


def _follow_ups(person):
    return [
        {
            "Date": follow_up.occurred_on,
            "Structure": follow_up.structure.name,
            "Type": follow_up.get_kind_display(),
            "Thèmes": ", ".join(follow_up.topic_labels()),
            "Note": follow_up.note,
            "Prochaine étape": follow_up.next_step,
            "Échéance": follow_up.next_step_due_on,
            "Auteur": str(follow_up.author or ""),
        }
        for follow_up in FollowUp.objects.filter(person=person)
        .select_related("structure", "author")
        .order_by("occurred_on", "created_at")
    ]


def _history(person):
    """The audit trail of the identity: every creation and rectification, with who made it."""
    events = (
        Person.pgh_event_model.objects.filter(pgh_obj_id=person.pk)
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )
    rows = []
    for event in events:
        context = event.pgh_context.metadata if event.pgh_context else {}
        rows.append(
            {
                "Date": event.pgh_created_at,
                "Opération": {"insert": "création", "update": "rectification"}.get(
                    event.pgh_label, event.pgh_label
                ),
                "Nom": event.last_name,
                "Prénoms": event.first_names,
                "Date de naissance": event.birth_date,
                "Numéro AGDREF": event.agdref_number or "",
                "Utilisateur (id)": context.get("user"),
            }
        )
    return rows


def _consultations(person):
    return [
        {"Date": log.at, "Action": log.get_action_display(), "Par": str(log.user or "")}
        for log in AccessLog.objects.filter(person=person).select_related("user").order_by("at")
    ]


def collect(person) -> dict:
    return {
        "Identité": _identity(person),
        "Ménage": _household(person),
        "Accompagnements": _pathways(person),
        "Suivis": _follow_ups(person),
        "Historique des modifications de l'identité": _history(person),
        "Consultations du dossier": _consultations(person),
    }


def collect_all(person) -> dict:
    data = collect(person)
    for app in settings.DEMO_APPS:
        try:
            module = import_module(f"{app}.personal_data")
        except ModuleNotFoundError:
            continue
        data.update(module.collect(person))
    return data


def as_sections(data: dict):
    """The collected data shaped for the PDF template: (title, {kind, columns, rows})."""
    sections = []
    for title, content in data.items():
        if isinstance(content, dict):
            sections.append((title, {"kind": "fields", "rows": list(content.items())}))
        else:
            columns = list(content[0]) if content else []
            rows = [[row.get(column) for column in columns] for row in content]
            sections.append((title, {"kind": "table", "columns": columns, "rows": rows}))
    return sections
