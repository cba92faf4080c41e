"""No module of waadmin reaches into another's private attributes: what one part needs of another
is a public method, attribute or signal, so a module can change its insides without breaking a
caller it does not know about (the main window's controllers used to call its `_start`)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "waadmin"

# Underscore names of other libraries that are their public API in all but name, or have no
# public equivalent. Each says why it is allowed.
LIBRARY_NAMES = {
    "_mapping",  # SQLAlchemy's Row._mapping: documented; the underscore keeps clear of column names
    "_SubParsersAction",  # argparse's type of add_subparsers(), the only way to find the subcommands
    "_",  # gettext's function, installed in argparse so its own messages follow the language
}
ALLOWED = {
    ("cli/main.py", "parser._actions"),  # argparse lists a parser's arguments nowhere else
}


def _own_private_names(tree: ast.Module) -> set[str]:
    """The underscore names a module defines itself: its functions, classes, their methods and
    the attributes it assigns. Reading them from another object of the same module (a handler
    reading its server's lock) stays inside the module."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return {n for n in names if n.startswith("_")}


def reaches_into(source: str, relative: str = "") -> list[str]:
    """``obj._private`` in ``source`` where ``obj`` is not self, cls, super() or the module's own."""
    tree = ast.parse(source)
    own = _own_private_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.startswith("__") and node.attr.endswith("__"):
            continue  # dunders are the language's protocol, public by design
        value = node.value
        if isinstance(value, ast.Name) and value.id in ("self", "cls"):
            continue
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "super":
            continue
        if node.attr in own or node.attr in LIBRARY_NAMES:
            continue
        text = ast.unparse(node)
        if (relative, text) in ALLOWED:
            continue
        found.append(f"{relative}:{node.lineno}: {text}")
    return found


def test_no_module_reaches_into_another_modules_private_attributes() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        found += reaches_into(path.read_text(encoding="utf-8"), relative)
    assert not found, "private attributes used from outside their module (make them public):\n" + "\n".join(found)


def test_the_check_sees_a_window_reached_into() -> None:
    source = (
        "class Helper:\n"
        "    def __init__(self, window):\n"
        "        self._own = 1\n"
        "        window._start()\n"
        "        self._own += other._own\n"
        "        super()._setup()\n"
    )
    assert reaches_into(source, "x.py") == ["x.py:4: window._start"]
