from django.urls import path

from hebergement import views

app_name = "hebergement"

urlpatterns = [
    path("", views.index, name="index"),
    path("structures/<int:pk>/", views.board, name="board"),
    path("orientations/", views.orientation_list, name="orientation_list"),
    path("orientations/nouvelle/", views.orientation_create, name="orientation_create"),
    path("orientations/<int:pk>/", views.orientation_detail, name="orientation_detail"),
    path("orientations/<int:pk>/avis/", views.orientation_opinion, name="orientation_opinion"),
    path("orientations/<int:pk>/reponse/", views.orientation_answer, name="orientation_answer"),
    path("orientations/<int:pk>/arrivee/", views.admission, name="admission"),
    path("sejours/", views.stay_list, name="stay_list"),
    path("sejours/<int:pk>/", views.stay_detail, name="stay_detail"),
    path("sejours/<int:pk>/prolongation/", views.stay_extend, name="stay_extend"),
    path("sejours/<int:pk>/sortie/", views.stay_exit, name="stay_exit"),
    path(
        "sejours/<int:pk>/participation/", views.participation_create, name="participation_create"
    ),
]
