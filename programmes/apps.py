from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = "Programmes"

    def ready(self):
        from ftda import access

        # The navigation shows the schemes of the user's programmes on every page.
        access.register_structure_detail("programme__scheme")
