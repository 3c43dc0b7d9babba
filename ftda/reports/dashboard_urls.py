from django.urls import path

from ftda.reports import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="index"),
]
