"""The tests as tidy as the code: helpers come from tests/helpers.py, never through a conftest."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _modules() -> list[Path]:
    return [path for path in TESTS.rglob("*.py") if "node_modules" not in path.parts]


def test_no_conftest_re_exports_names_for_other_modules():
    exporting = [
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("conftest.py")
        if any(
            isinstance(node, ast.Assign)
            and any(
                isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
            )
            for node in ast.parse(path.read_text()).body
        )
    ]
    assert exporting == []


def test_no_test_module_imports_from_a_conftest_or_another_test_module():
    importing = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            last = [name.rsplit(".", 1)[-1] for name in names]
            if any(part == "conftest" or part.startswith("test_") for part in last):
                importing.append(str(path.relative_to(TESTS)))
    assert importing == []
