from django.urls import path

from ftda.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report, name="report"),
    path("brouillon/", views.save_draft, name="save_draft"),
    path("mes-rapports/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/generer/", views.generate, name="generate"),
    path("<int:pk>/publier/", views.publish, name="publish"),
    path("<int:pk>/nouvelle-version/", views.new_version, name="new_version"),
    path("<int:pk>/progression/", views.progress, name="progress"),
    path("<int:pk>/telecharger/<str:fmt>/", views.download, name="download"),
    path("listes/personnes/", views.persons, name="persons"),
    path("listes/suivis/", views.follow_ups, name="follow_ups"),
]
