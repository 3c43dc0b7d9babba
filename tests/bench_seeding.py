"""Run the volume seed (bench/seed_volume.py) at a small size with some app hooks, on the
demo's structures only (fast): for the tests of the apps' `bench_seed` modules."""

from bench import seed_volume
from ftda import demo
from ftda.models import Structure


def seed_small(monkeypatch, hooks, *, persons=300, follow_ups=2000):
    """Seed `persons` persons with `hooks` ([(app label, module)]); returns the structures
    by demo key."""
    Structure.objects.bulk_create(
        Structure(kind=kind, name=name, departement=dep, city=city, opened_on=opened)
        for kind, name, dep, city, opened in demo.STRUCTURES.values()
    )
    monkeypatch.setattr(seed_volume, "app_hooks", lambda: hooks)
    args = ["--persons", str(persons), "--follow-ups", str(follow_ups)]
    assert seed_volume.main(args) == 0
    by_name = {s.name: s for s in Structure.objects.all()}
    return {key: by_name[name] for key, (_kind, name, *_rest) in demo.STRUCTURES.items()}
