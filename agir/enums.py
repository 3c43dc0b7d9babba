"""Choices of the AGIR app: English values in the database, French labels for people."""

from django.db import models


class ReferentRole(models.TextChoices):
    RIGHTS_HOUSING = "rights_housing", "Référent droits et logement"
    EMPLOYMENT_TRAINING = "employment_training", "Référent emploi et formation"


class EndReason(models.TextChoices):
    BOTH_SOLUTIONS = "both_solutions", "Solutions logement et emploi-formation atteintes"
    TIME_LIMIT = "time_limit", "Durée maximale de 24 mois atteinte"
    MOVED = "moved", "Déménagement"
    LOST_CONTACT = "lost_contact", "Perte de contact"
    REFUSED = "refused", "Refus de l'accompagnement"
    OTHER = "other", "Autre"


class Domain(models.TextChoices):
    RIGHTS = "rights", "Droits et démarches administratives"
    HOUSING = "housing", "Logement"
    EMPLOYMENT = "employment", "Emploi"
    TRAINING_LANGUAGE = "training_language", "Formation et langue"
    HEALTH = "health", "Santé"
    MOBILITY = "mobility", "Mobilité"
    CHILDCARE = "childcare", "Garde d'enfants"
    DIGITAL = "digital", "Numérique"
    RESOURCES = "resources", "Ressources"


class NeedLevel(models.TextChoices):
    NONE = "none", "Pas de besoin"
    LOW = "low", "Besoin faible"
    MEDIUM = "medium", "Besoin modéré"
    HIGH = "high", "Besoin fort"


class GoalStatus(models.TextChoices):
    TODO = "todo", "À faire"
    IN_PROGRESS = "in_progress", "En cours"
    ACHIEVED = "achieved", "Atteint"
    ABANDONED = "abandoned", "Abandonné"


GOAL_CLOSED = (GoalStatus.ACHIEVED, GoalStatus.ABANDONED)


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposée"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    COMPLETED = "completed", "Réalisée"
    NO_FOLLOW_THROUGH = "no_follow_through", "Sans suite"


REFERRAL_ANSWERED = (ReferralStatus.ACCEPTED, ReferralStatus.REFUSED)
REFERRAL_CLOSED = (ReferralStatus.COMPLETED, ReferralStatus.NO_FOLLOW_THROUGH)


class HousingKind(models.TextChoices):
    SOCIAL_HOUSING = "social_housing", "Logement social"
    PRIVATE_RENTAL = "private_rental", "Location dans le parc privé"
    SLIDING_LEASE = "sliding_lease", "Bail glissant, intermédiation locative"
    SOCIAL_RESIDENCE = "social_residence", "Résidence sociale, foyer de jeunes travailleurs"
    HOSTED = "hosted", "Hébergement chez un tiers"
    OTHER = "other", "Autre"


class EmploymentKind(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD_LONG = "cdd_6_months_or_more", "CDD de 6 mois ou plus"
    CDD_SHORT = "cdd_under_6_months", "CDD de moins de 6 mois"
    TEMPING = "temping", "Intérim"
    QUALIFYING_TRAINING = "qualifying_training", "Formation qualifiante"
    BUSINESS_CREATION = "business_creation", "Création d'activité"
    OTHER = "other", "Autre"
