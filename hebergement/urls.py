app_name = "hebergement"

urlpatterns = []
