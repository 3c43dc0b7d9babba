"""Demo data of this app, loaded by `manage.py load_demo` after the core's."""


def load(*, today, structures, users, persons):
    """Nothing yet: the app fills this in when its models land."""
