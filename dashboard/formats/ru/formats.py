"""Russian dates as Altegio writes them ("5 декабря 2026"); Django's own formats for the rest."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y H:i"
SHORT_DATE_FORMAT = "j E Y"
SHORT_DATETIME_FORMAT = "j E, H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
