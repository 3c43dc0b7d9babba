"""A hand-built report provider for the tests: fixed figures per year, a chart of every
kind, a table, and a label that tries formula injection and markup."""

from ftda.indicators import Chart, Figure, Section, Table

# year -> (places, occupied place-days rate)
FIGURES = {2016: (759, 91.5), 2017: (939, 88.25)}


def section(period, scope):
    year = period.start.year
    if year not in FIGURES:
        return Section(key="exemple", title="Hébergement (exemple)")
    places, rate = FIGURES[year]
    figures = [
        Figure("places", "Places autorisées au 31 décembre", places, "places", "/exemple/"),
        Figure("occupancy", "Taux d'occupation", rate, "%", "/exemple/occupation/"),
    ]
    if year == 2017:
        figures.append(Figure("new_only", "Indicateur sans précédent", 12_345, "", None))
    return Section(
        key="exemple",
        title="Hébergement (exemple)",
        figures=figures,
        tables=[
            Table(
                "Places par structure",
                ["Structure", "Places"],
                [["CPH Angers", 60], ['=HYPERLINK("http://x")', 50], ["CPH Rouen", 70]],
            )
        ],
        charts=[
            Chart(
                "capacity",
                "Places et occupation par mois <script>alert(1)</script>",
                "line",
                ["janv.", "févr.", "mars"],
                {"Places": [759, 800, places], "Occupées": [700, 720, 810]},
            ),
            Chart("exits", "Sorties par motif", "pie", ["Logement", "Autre"], {"n": [40, 10]}),
            Chart(
                "entries",
                "Entrées et sorties",
                "stacked_bar",
                ["T1", "T2"],
                {"Entrées": [10, 20], "Sorties": [5, 8]},
            ),
        ],
    )
