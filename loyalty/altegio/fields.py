"""Lenient field types: Altegio sends numbers as strings, flags as 0/1/"1", and nulls freely."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator


def _int(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return int(value)
    try:
        return int(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError, OverflowError):  # "Infinity" overflows int()
        return None


def flag(value: Any) -> bool:
    """A flag as Altegio sends it: 1/0, "1"/"0", true/false."""
    return _bool(value)


def _int_or_zero(value: Any) -> int:
    return _int(value) or 0


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value) if isinstance(value, (bool, int, float)) else False


def _optional_bool(value: Any) -> bool | None:
    # An absent or empty flag is unknown, which is not the same as "no" (docs/altegio.md §4.5).
    return None if value is None or value == "" else _bool(value)


def _text(value: Any) -> str:
    # `type.title` arrives as a number in the vendor's own example (89999); `number` as int or str.
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, (bool, dict, list)):
        return None
    try:
        parsed = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    # "NaN"/"Infinity" would fail validation and hide the whole object: read them as absent.
    return parsed if parsed.is_finite() else None


def _datetime(value: Any) -> datetime | None:
    if not value or not isinstance(value, str) or value.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        return None


def _date(value: Any) -> date | None:
    parsed = _datetime(value)
    return parsed.date() if parsed else None


def _int_list(value: Any) -> list[int]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [n for n in (_int(item) for item in value) if n is not None]


def _dict(value: Any) -> Any:
    # Sloppy answers put [] where an object belongs; treat anything but an object as "absent".
    return value if isinstance(value, dict) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


OptInt = Annotated[int | None, BeforeValidator(_int)]
Int = Annotated[int, BeforeValidator(_int_or_zero)]
Flag = Annotated[bool, BeforeValidator(_bool)]
OptFlag = Annotated[bool | None, BeforeValidator(_optional_bool)]
Text = Annotated[str, BeforeValidator(_text)]
Money = Annotated[Decimal | None, BeforeValidator(_decimal)]
When = Annotated[datetime | None, BeforeValidator(_datetime)]
Day = Annotated[date | None, BeforeValidator(_date)]
IntList = Annotated[list[int], BeforeValidator(_int_list)]
AnyList = Annotated[list[Any], BeforeValidator(_list)]


def _dict_or_empty(value: Any) -> Any:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[Any]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


# For nested objects and lists of objects: anything that is not the promised shape counts as absent.
AsObject = BeforeValidator(_dict_or_empty)
AsOptionalObject = BeforeValidator(_dict)
AsObjects = BeforeValidator(_dicts)


def zone_name(name: Any, timezone: Any) -> str:
    """An IANA zone name from `timezone_name`, else from `timezone` as a name or as hours.

    Altegio sends `timezone` as a number of hours (`3`, `"-5"`, `5.5`) in some answers and a
    name in others; whole hours become `Etc/GMT-3` (POSIX sign: east is minus), other offsets
    `UTC+05:30`, which `loyalty_format.zone` reads as a fixed offset.
    """
    for candidate in (name, timezone):
        text = _text(candidate)
        if any(char.isalpha() for char in text):
            return text
    hours = _decimal(timezone)
    if hours is None or not -14 <= hours <= 14:
        return ""
    if hours == hours.to_integral_value():
        whole = int(hours)
        return "Etc/UTC" if whole == 0 else f"Etc/GMT{-whole:+d}"
    minutes = int(abs(hours) * 60)
    return f"UTC{'-' if hours < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}"
