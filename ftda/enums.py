"""Choices of the core app: English values in the database, French labels for people."""

from django.db import models


class StructureKind(models.TextChoices):
    CPH = "cph", "Centre provisoire d'hébergement (CPH)"
    ASSIMILATED_HOUSING = "assimilated_housing", "Dispositif assimilé"
    AGIR = "agir", "Plateforme AGIR"
    PROGRAMME = "programme", "Programme"


HOUSING_KINDS = (StructureKind.CPH, StructureKind.ASSIMILATED_HOUSING)


class MembershipRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Intervenant social"
    MANAGER = "manager", "Chef de service"


class Sex(models.TextChoices):
    FEMALE = "F", "Femme"
    MALE = "M", "Homme"
    UNSPECIFIED = "X", "Non précisé"


class ProtectionStatus(models.TextChoices):
    REFUGEE = "refugee", "Réfugié"
    SUBSIDIARY = "subsidiary_protection", "Protection subsidiaire"
    STATELESS = "stateless", "Apatride"
    ASYLUM_SEEKER = "asylum_seeker", "Demandeur d'asile"
    OTHER = "other", "Autre"


class Relationship(models.TextChoices):
    HEAD = "head", "Chef de ménage"
    SPOUSE = "spouse", "Conjoint"
    CHILD = "child", "Enfant"
    PARENT = "parent", "Parent"
    SIBLING = "sibling", "Frère ou sœur"
    OTHER = "other", "Autre"


class PartnerKind(models.TextChoices):
    MISSION_LOCALE = "mission_locale", "Mission Locale"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    CAF = "caf", "CAF"
    CPAM = "cpam", "CPAM"
    SIAO = "siao", "SIAO"
    SOCIAL_LANDLORD = "social_landlord", "Bailleur social"
    TRAINING_PROVIDER = "training_provider", "Organisme de formation"
    ASSOCIATION = "association", "Association"
    OTHER = "other", "Autre"


class FollowUpKind(models.TextChoices):
    INTERVIEW = "interview", "Entretien"
    CALL = "call", "Appel"
    HOME_VISIT = "home_visit", "Visite à domicile"
    ACCOMPANIMENT = "accompaniment", "Accompagnement extérieur"
    OTHER = "other", "Autre"


class FollowUpTopic(models.TextChoices):
    RIGHTS = "rights", "Droits"
    HOUSING = "housing", "Logement"
    EMPLOYMENT = "employment", "Emploi"
    TRAINING = "training", "Formation"
    LANGUAGE = "language", "Langue"
    HEALTH = "health", "Santé"
    FAMILY = "family", "Famille"
    OTHER = "other", "Autre"


class AccessAction(models.TextChoices):
    VIEW_PERSON = "view_person", "Consultation du dossier"
    PDF = "pdf", "Téléchargement PDF"
    EXPORT = "export", "Export"
    REPORT = "report", "Rapport d'activité"


class ImportJobStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"
