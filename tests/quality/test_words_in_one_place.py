"""A balance is worded in one place (services/cards/balance.py); templates only lay it out."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BALANCE = ROOT / "loyalty" / "services" / "cards" / "balance.py"
# What a line is (a service or a category) is a label tables use too, not a balance's words.
LABELS = {"Service"}
TRANSLATED = re.compile(r"{%\s*(?:block)?translate\s+\"([^\"]+)\"")


def balance_words() -> set[str]:
    """Every message balance.py translates (gettext's, and ngettext's singular and plural)."""
    words = set()
    for node in ast.walk(ast.parse(BALANCE.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"gettext", "ngettext"}:
            words |= {
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            }
    return words - LABELS


def test_no_template_words_a_balance_itself():
    words = balance_words()
    assert "No limit" in words  # an event check's visits, worded with the rest
    found = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in (ROOT / "templates").rglob("*.html")
        for word in TRANSLATED.findall(path.read_text())
        if word in words
    ]
    assert found == []
