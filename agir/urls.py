from django.urls import path

from agir import views

app_name = "agir"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("parcours/", views.pathway_list, name="pathway_list"),
    path("orientations/", views.referral_list, name="referral_list"),
    path("reaffectation/", views.bulk_reassign, name="bulk_reassign"),
    path("personnes/<int:person_pk>/entree/", views.entry, name="entry"),
    path("parcours/<int:pk>/", views.pathway_detail, name="pathway_detail"),
    path("parcours/<int:pk>/referents/", views.referents, name="referents"),
    path("parcours/<int:pk>/diagnostic/", views.diagnostic, name="diagnostic"),
    path("parcours/<int:pk>/objectifs/", views.goal_create, name="goal_create"),
    path("parcours/<int:pk>/orientations/", views.referral_create, name="referral_create"),
    path("parcours/<int:pk>/logement/", views.housing_create, name="housing_create"),
    path("parcours/<int:pk>/emploi/", views.employment_create, name="employment_create"),
    path("parcours/<int:pk>/sortie/", views.exit_view, name="exit"),
    path("objectifs/<int:pk>/statut/", views.goal_status, name="goal_status"),
    path("orientations/<int:pk>/statut/", views.referral_status, name="referral_status"),
]
