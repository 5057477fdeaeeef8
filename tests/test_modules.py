"""The package's modules: imports run one way, no module uses another's private names, and
every public function and class is documented with an example that runs."""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(p.stem for p in (ROOT / "axisnet").glob("*.py") if not p.stem.startswith("_"))

#: Height of each module in the package's layers: a module imports only modules below it.
LEVEL = {
    "paths": -1,
    "data": 0,
    "labels": 0,
    "citation": 1,
    "graphs": 1,
    "export": 2,
    "measures": 2,
    "sensitivity": 2,
    "robustness": 3,
    "charts": 4,
    "explorer": 5,
    "figures": 5,
    "notebook": 6,
    "publish": 7,  # runs the chapters with notebook's runner to export their figures
}


def _axisnet_imports(module: str) -> list[tuple[str, list[str], int]]:
    """(imported axisnet module, names taken from it, line) for every import in ``module``."""
    tree = ast.parse((ROOT / "axisnet" / f"{module}.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "axisnet":
            found += [(a.name, [], node.lineno) for a in node.names if a.name in LEVEL]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("axisnet."):
            found.append((node.module.split(".")[1], [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found += [(a.name.split(".")[1], [], node.lineno) for a in node.names if "." in a.name]
    return found


def test_every_module_has_a_level() -> None:
    assert sorted(LEVEL) == MODULES


@pytest.mark.parametrize("module", MODULES)
def test_imports_run_one_way(module: str) -> None:
    for imported, _, line in _axisnet_imports(module):
        assert LEVEL[imported] < LEVEL[module], (
            f"axisnet/{module}.py:{line} imports {imported}, which is not below it"
        )


@pytest.mark.parametrize("module", MODULES)
def test_no_module_uses_another_modules_private_names(module: str) -> None:
    tree = ast.parse((ROOT / "axisnet" / f"{module}.py").read_text(encoding="utf-8"))
    for imported, names, line in _axisnet_imports(module):
        private = [n for n in names if n.startswith("_")]
        assert not private, f"axisnet/{module}.py:{line} imports {private} from {imported}"
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in LEVEL
            and node.attr.startswith("_")
        ):
            raise AssertionError(
                f"axisnet/{module}.py:{node.lineno} uses {node.value.id}.{node.attr}"
            )


@pytest.mark.parametrize("module", MODULES)
def test_public_names_are_documented_with_an_example(module: str) -> None:
    mod = importlib.import_module(f"axisnet.{module}")
    assert mod.__all__, f"axisnet.{module} has no __all__"
    missing = [
        name
        for name in mod.__all__
        if (inspect.isfunction(getattr(mod, name)) or inspect.isclass(getattr(mod, name)))
        and "Examples" not in (inspect.getdoc(getattr(mod, name)) or "")
    ]
    assert not missing, f"axisnet.{module}: no Examples section in {missing}"
    undescribed = [
        name
        for name in mod.__all__
        if inspect.isfunction(getattr(mod, name))
        and inspect.signature(getattr(mod, name)).parameters
        and "Parameters\n----------" not in (inspect.getdoc(getattr(mod, name)) or "")
    ]
    assert not undescribed, f"axisnet.{module}: no numpydoc Parameters section in {undescribed}"


#: Modules whose examples start a notebook kernel.
STARTS_A_KERNEL = {"notebook", "publish"}


@pytest.mark.parametrize(
    "module",
    [pytest.param(m, marks=pytest.mark.slow) if m in STARTS_A_KERNEL else m for m in MODULES],
)
def test_docstring_examples_run(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(f"axisnet.{module}"), verbose=False)
    assert result.attempted > 0
    assert result.failed == 0
