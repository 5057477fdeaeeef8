"""The package declares what it imports, installs with its font, and nothing more."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]) for d in project["dependencies"]}


def _imported_modules() -> dict[str, list[str]]:
    """Top-level modules imported anywhere in the package (lazily too) -> where."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "axisnet").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("axisnet", "__future__"):
                    found.setdefault(top, []).append(f"{path.name}:{node.lineno}")
    return found


# Declared though never imported: networkx imports them inside the functions named here, which
# the package calls (networkx itself does not require them).
CALLED_THROUGH_NETWORKX = {"scipy": ("kamada_kawai_layout",)}


def _package_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "axisnet").glob("*.py")))


def test_declared_dependencies_are_exactly_what_the_package_imports() -> None:
    distributions = importlib.metadata.packages_distributions()
    imported: dict[str, list[str]] = {}
    for module, where in _imported_modules().items():
        dists = distributions.get(module)
        assert dists, f"{module} (imported at {', '.join(where)}) is not installed"
        imported.setdefault(_normal(dists[0]), []).extend(where)
    declared = _declared()
    source = _package_source()
    for dist, functions in CALLED_THROUGH_NETWORKX.items():
        called = [f for f in functions if f"nx.{f}(" in source]
        if called:
            imported.setdefault(dist, []).extend(f"networkx.{f}" for f in called)
    missing = {d: imported[d] for d in sorted(set(imported) - declared)}
    unused = sorted(declared - set(imported))
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
    assert not unused, f"declared in pyproject.toml but never imported: {unused}"


@pytest.mark.slow
def test_wheel_carries_the_font_and_the_declared_requirements(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a copy: building in place would leave build/ in the checkout
    shutil.copytree(
        ROOT / "axisnet", source / "axisnet", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=source,
    )
    (wheel,) = tmp_path.glob("axisnet-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = zf.read(meta).decode()
    fonts = {p.name for p in (ROOT / "axisnet/fonts").iterdir() if p.suffix in (".ttf", ".woff2")}
    assert fonts and {f"axisnet/fonts/{f}" for f in fonts} <= names
    assert "axisnet/fonts/OFL.txt" in names
    required = {
        _normal(re.split(r"[<>=!~;\[ ]", line.split(":", 1)[1].strip(), maxsplit=1)[0])
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    assert required == _declared()
