"""Choices of the programmes app: English values in the database, French labels."""

from django.db import models


class Scheme(models.TextChoices):
    DUOS = "duos", "Duos de demain"
    CHICHE_CHEF = "chiche_chef", "Chiche Chef"
    CLE_DE_FRANCE = "cle_de_france", "Clé de France"


class Interest(models.TextChoices):
    CULTURE = "culture", "Culture, musées"
    CINEMA = "cinema", "Cinéma"
    MUSIC = "music", "Musique"
    SPORT = "sport", "Sport"
    COOKING = "cooking", "Cuisine"
    NATURE = "nature", "Nature, randonnée"
    READING = "reading", "Lecture"
    GAMES = "games", "Jeux"
    LANGUAGES = "languages", "Échanges linguistiques"
    EMPLOYMENT = "employment", "Vie professionnelle"
    CRAFTS = "crafts", "Bricolage, activités manuelles"


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", "En semaine, en journée"
    WEEKDAY_EVENING = "weekday_evening", "En semaine, en soirée"
    SATURDAY = "saturday", "Le samedi"
    SUNDAY = "sunday", "Le dimanche"


class DuoStatus(models.TextChoices):
    ONGOING = "ongoing", "En cours"
    FINISHED = "finished", "Terminé"
    INTERRUPTED = "interrupted", "Interrompu"


class MeetingKind(models.TextChoices):
    COFFEE = "coffee", "Café"
    WALK = "walk", "Promenade"
    CULTURAL_OUTING = "cultural_outing", "Sortie culturelle"
    COLLECTIVE_ACTIVITY = "collective_activity", "Activité collective"
    OTHER = "other", "Autre"


class ParticipantGroup(models.TextChoices):
    ASE_CHILDREN = "ase_children", "Enfants de l'ASE"
    ASYLUM_SEEKERS = "asylum_seekers", "Demandeurs d'asile"
    REFUGEES = "refugees", "Réfugiés"
    VOLUNTEERS = "volunteers", "Bénévoles"


class MobilityStatus(models.TextChoices):
    ONGOING = "ongoing", "En cours"
    RELOCATED = "relocated", "Installé(e) dans le territoire d'accueil"
    ABANDONED = "abandoned", "Abandon du projet"


class MobilityStageKind(models.TextChoices):
    INFORMATION = "information", "Information"
    PROJECT = "project", "Construction du projet"
    VISIT = "visit", "Visite du territoire"
    RELOCATION = "relocation", "Installation"
    FOLLOW_UP = "follow_up", "Suivi après installation"


class RightsTransferKind(models.TextChoices):
    CAF = "caf", "Transfert du dossier CAF"
    HEALTH_INSURANCE = "health_insurance", "Transfert du dossier d'assurance maladie"


class HousingSolution(models.TextChoices):
    NONE = "none", "Aucune"
    SOCIAL_HOUSING = "social_housing", "Logement social"
    PRIVATE_RENTAL = "private_rental", "Location privée"
    TRANSITIONAL = "transitional", "Logement temporaire (résidence sociale, FJT…)"
    HOSTED = "hosted", "Hébergé(e) par un tiers"


class EmploymentSolution(models.TextChoices):
    NONE = "none", "Aucune"
    PERMANENT = "permanent", "CDI"
    FIXED_TERM = "fixed_term", "CDD ou intérim"
    TRAINING = "training", "Formation"
    APPRENTICESHIP = "apprenticeship", "Alternance"


IDF_DEPARTEMENTS = ("75", "77", "78", "91", "92", "93", "94", "95")
