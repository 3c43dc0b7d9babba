app_name = "agir"

urlpatterns = []
