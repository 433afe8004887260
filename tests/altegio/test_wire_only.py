"""The client speaks wire only: no staff-facing words and no dashboard addresses in it."""

import ast
from pathlib import Path

import loyalty.altegio

CLIENT = Path(loyalty.altegio.__file__).parent


def test_no_module_of_the_client_translates_words_or_names_a_dashboard_address() -> None:
    for path in sorted(CLIENT.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert "django.utils.translation" not in imported, path
        assert "django.urls" not in imported, path
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
        assert not [s for s in strings if isinstance(s, str) and s.startswith("loyalty:")], path
