"""Reading a gettext catalogue as a translator does: its entries, flags and translations."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

RUSSIAN_PO = Path(__file__).resolve().parents[2] / "locale" / "ru" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False

    @property
    def untranslated(self) -> bool:
        """Some form of the message has no translation."""
        return not self.msgstr or any(not text for text in self.msgstr.values())


def entries(po: Path = RUSSIAN_PO) -> list[Entry]:
    """The catalogue's messages, without the header."""
    found: list[Entry] = []
    current = Entry()
    last: tuple[str, int] = ("", 0)
    for raw in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if current.msgid or current.msgstr:
                found.append(current)
            current = Entry()
            continue
        if line.startswith("#,") and "fuzzy" in line:
            current.fuzzy = True
        elif line.startswith("#"):
            continue
        elif match := re.match(r"(msgid_plural|msgid|msgstr)(?:\[(\d)\])?\s+(\".*\")$", line):
            key, index, text = match.group(1), int(match.group(2) or 0), ast.literal_eval(match[3])
            last = (key, index)
            _append(current, key, index, text)
        elif line.startswith('"'):
            _append(current, last[0], last[1], ast.literal_eval(line))
    return [entry for entry in found if entry.msgid]


def _append(entry: Entry, key: str, index: int, text: str) -> None:
    """Add a (continued) string to the entry's field."""
    if key == "msgid":
        entry.msgid += text
    elif key == "msgid_plural":
        entry.msgid_plural += text
    else:
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
