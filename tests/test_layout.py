"""The test suite's own layout: what tests share lives in tests/support/, never in a test module or a conftest."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            yield ("." * node.level) + (node.module or "")
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_test_imports_another_test_module_or_a_conftest():
    found = [
        f"{path.relative_to(TESTS)} imports {module}"
        for path in TESTS.rglob("*.py")
        for module in imported_modules(path)
        if module.rsplit(".", 1)[-1].startswith(("test_", "conftest"))
    ]
    assert not found, "\n".join(found)
