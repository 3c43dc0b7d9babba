from django.urls import path

from programmes import views

app_name = "programmes"

urlpatterns = [
    # Duos de demain
    path("duos/", views.duo_list, name="duo_list"),
    path("duos/<int:pk>/", views.duo_detail, name="duo_detail"),
    path("duos/<int:pk>/rencontres/", views.meeting_create, name="meeting_create"),
    path("duos/<int:pk>/fin/", views.duo_end, name="duo_end"),
    path("duos/benevoles/", views.volunteer_list, name="volunteer_list"),
    path("duos/benevoles/nouveau/", views.volunteer_create, name="volunteer_create"),
    path("duos/benevoles/<int:pk>/", views.volunteer_update, name="volunteer_update"),
    path("duos/participants/", views.participant_list, name="participant_list"),
    path("duos/participants/nouveau/", views.participant_create, name="participant_create"),
    path("duos/participants/<int:pk>/binomes/", views.matching_view, name="matching"),
    path("duos/activites/", views.activity_list, name="activity_list"),
    path("duos/activites/nouvelle/", views.activity_create, name="activity_create"),
    path("duos/activites/<int:pk>/", views.activity_detail, name="activity_detail"),
    # Chiche Chef
    path("chiche-chef/", views.event_list, name="event_list"),
    path("chiche-chef/nouvelle/", views.event_create, name="event_create"),
    path("chiche-chef/<int:pk>/", views.event_detail, name="event_detail"),
    path("chiche-chef/<int:pk>/modifier/", views.event_update, name="event_update"),
    # Clé de France
    path("cle-de-france/", views.mobility_list, name="mobility_list"),
    path("cle-de-france/nouveau/", views.mobility_create, name="mobility_create"),
    path("cle-de-france/<int:pk>/", views.mobility_detail, name="mobility_detail"),
    path("cle-de-france/<int:pk>/modifier/", views.mobility_update, name="mobility_update"),
]
