from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ftda import auth_views as ftda_auth_views
from ftda import rights_views, views

admin.site.site_header = "FTDA · Direction de l'intégration"
admin.site.site_title = "Administration FTDA"
admin.site.index_title = "Configuration"

core_patterns = (
    [
        path("personnes/", views.caseload, name="caseload"),
        path("personnes/nouvelle/", views.person_create, name="person_create"),
        path("personnes/<int:pk>/", views.person_detail, name="person_detail"),
        path("personnes/<int:pk>/modifier/", views.person_update, name="person_update"),
        path("personnes/<int:pk>/suivis/", views.follow_up_create, name="follow_up_create"),
        path("personnes/<int:pk>/donnees/", rights_views.person_data, name="person_data"),
    ],
    "ftda",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("connexion/code/", ftda_auth_views.second_factor_verify, name="second_factor_verify"),
    path(
        "connexion/double-authentification/",
        ftda_auth_views.second_factor_setup,
        name="second_factor_setup",
    ),
    path("", include(core_patterns)),
    path("rapports/", include("ftda.reports.urls")),
    path("tableau-de-bord/", include("ftda.reports.dashboard_urls")),
    path("hebergement/", include("hebergement.urls")),
    path("agir/", include("agir.urls")),
    path("programmes/", include("programmes.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
