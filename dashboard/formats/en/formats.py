"""English dates as the desk writes them ("Dec 5, 2026"); Django's own formats for the rest."""

DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "M j, H:i"
MONTH_DAY_FORMAT = "M j"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
