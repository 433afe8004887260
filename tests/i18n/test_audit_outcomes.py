"""The audit log's outcome column in the manager's language (what is kept stays English)."""

from django.utils import translation

from loyalty.services.audit.words import outcome_words


def test_outcomes_read_in_russian():
    with translation.override("ru"):
        assert outcome_words("found (national form)") == "найдено (национальный формат номера)"
        assert outcome_words("done") == "выполнено"
        assert outcome_words("can pay: all") == "можно оплатить"
        assert outcome_words("Altegio error 503") == "ошибка Altegio 503"
        assert outcome_words("refused by Altegio: Subscription is not frozen") == (
            "отклонено Altegio: Subscription is not frozen"  # Altegio's own words stay as sent
        )


def test_outcomes_read_in_english_as_kept_and_unknown_ones_untouched():
    with translation.override("en"):
        assert outcome_words("can pay: none") == "cannot pay"
        assert outcome_words("written by hand") == "written by hand"
