"""Publishing: the one repository setting, the hosted-notebook bootstrap cell, the Pages
workflow, and the wheel that carries the data."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from IPython.core.inputtransformer2 import TransformerManager
from sphinx.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tools"), str(ROOT / "_ext")]

import book_launch  # noqa: E402
import sync_launch  # noqa: E402

URL = "https://github.com/example-owner/example-book"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
CHAPTERS = sync_launch.chapter_notebooks()

# Runs a cell's transformed code with a stand-in for IPython that records magics instead of
# running them; prints the recorded calls as JSON, or the exception the cell raised.
RUNNER = """
import json, sys
calls = []
class Shell:
    def run_line_magic(self, name, line):
        calls.append([name, line])
get_ipython = Shell
try:
    exec(sys.stdin.read(), {"get_ipython": get_ipython})
except Exception as err:
    print(json.dumps({"error": type(err).__name__, "message": str(err)}))
else:
    print(json.dumps({"calls": calls}))
"""


def run_cell(source: str, *, axisnet_importable: bool, cwd: Path) -> dict:
    """Run a bootstrap cell in a fresh interpreter; without ``axisnet_importable`` the
    interpreter has no site-packages (``-S``), so neither axisnet nor pip can be imported."""
    code = TransformerManager().transform_cell(source)
    flags = ["-I"] if axisnet_importable else ["-I", "-S"]
    proc = subprocess.run(
        [sys.executable, *flags, "-c", RUNNER],
        input=code,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=True,
    )
    return json.loads(proc.stdout)


# --------------------------------------------------------------------------- bootstrap cell


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_opens_with_the_configured_bootstrap_cell(path: Path) -> None:
    url, branch = sync_launch.repository()
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    cell = code[0]
    assert cell.get("id") == sync_launch.CELL_ID, f"{path.name}: first code cell is not it"
    assert sum(c.get("id") == sync_launch.CELL_ID for c in nb.cells) == 1
    assert "remove-cell" in cell.metadata.get("tags", []), f"{path.name}: not hidden"
    assert "from axisnet" in code[1].source, f"{path.name}: not just before the preamble"
    assert cell.source == sync_launch.bootstrap_source(url, branch), (
        f"{path.name}: out of date; run tools/sync_launch.py"
    )
    if url:
        assert f"git+{url}@{branch}" in cell.source
    else:
        assert "Clone the book's repository" in cell.source
    compile(TransformerManager().transform_cell(cell.source), path.name, "exec")
    assert not cell.get("outputs"), f"{path.name}: the cell printed something when run"


@pytest.mark.parametrize("url", [URL, ""], ids=["with-url", "without-url"])
def test_bootstrap_cell_does_nothing_where_axisnet_imports(url: str, tmp_path: Path) -> None:
    assert run_cell(sync_launch.bootstrap_source(url), axisnet_importable=True, cwd=tmp_path) == {
        "calls": []
    }


def test_bootstrap_cell_installs_from_the_repository_where_axisnet_is_missing(
    tmp_path: Path,
) -> None:
    result = run_cell(
        sync_launch.bootstrap_source(URL, "dev"), axisnet_importable=False, cwd=tmp_path
    )
    assert result == {"calls": [["pip", f'install --quiet "axisnet @ git+{URL}@dev"']]}


def test_bootstrap_cell_without_a_url_says_to_clone_the_repository(tmp_path: Path) -> None:
    result = run_cell(sync_launch.bootstrap_source(""), axisnet_importable=False, cwd=tmp_path)
    assert result["error"] == "ModuleNotFoundError"
    assert "Clone the book's repository" in result["message"]
    assert "repository.url" in result["message"]


def test_sync_inserts_once_before_the_preamble_and_touches_nothing_else(tmp_path: Path) -> None:
    nb = nbformat.read(CHAPTERS[0], as_version=4)
    nb.cells = [c for c in nb.cells if c.get("id") != sync_launch.CELL_ID]
    nb.cells.insert(
        0, nb.cells.pop(next(i for i, c in enumerate(nb.cells) if c.cell_type == "code"))
    )
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, path)
    others = [c.source for c in nb.cells]
    source = sync_launch.bootstrap_source(URL)

    assert sync_launch.sync(path, source) is True
    assert sync_launch.sync(path, source) is False  # idempotent
    after = nbformat.read(path, as_version=4).cells
    assert after[0].id == sync_launch.CELL_ID and after[0].source == source
    assert [c.source for c in after[1:]] == others

    assert sync_launch.sync(path, sync_launch.bootstrap_source(URL, "dev"), write=False) is True
    assert nbformat.read(path, as_version=4).cells[0].source == source  # not written


def test_sync_check_reports_a_stale_notebook(tmp_path: Path, monkeypatch) -> None:
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    shutil.copy(CHAPTERS[0], chapters / CHAPTERS[0].name)
    config = tmp_path / "_config.yml"
    config.write_text(f"repository:\n  url: {URL}\n", encoding="utf-8")
    monkeypatch.setattr(sync_launch, "ROOT", tmp_path)
    monkeypatch.setattr(sync_launch, "CONFIG", config)
    monkeypatch.setattr(sync_launch, "CHAPTERS", chapters)
    assert sync_launch.main(["--check"]) == 1
    assert sync_launch.main([]) == 0
    assert sync_launch.main(["--check"]) == 0
    cell = nbformat.read(chapters / CHAPTERS[0].name, as_version=4).cells
    assert any(f"git+{URL}@main" in c.source for c in cell)


@pytest.mark.parametrize(
    ("setting", "key"),
    [("url: 'https://github.com/o/r\" ; rm -rf /'", "repository.url"), ("branch: 'a b'", "branch")],
)
def test_sync_rejects_a_setting_pip_cannot_use(setting: str, key: str, tmp_path: Path) -> None:
    config = tmp_path / "_config.yml"
    config.write_text(f"repository:\n  {setting}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"_config\.yml: repository\.{key.split('.')[-1]}"):
        sync_launch.repository(config)


# --------------------------------------------------------------------------- one setting


def test_the_book_ships_with_launch_hosts_and_the_extension() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert "book_launch" in config["sphinx"]["config"]["extensions"]
    assert config["html"]["use_repository_button"] is False  # the extension turns it on


def test_a_repository_url_turns_every_button_on(monkeypatch) -> None:
    monkeypatch.delenv(book_launch.REPOSITORY_ENV, raising=False)
    monkeypatch.delenv(book_launch.BRANCH_ENV, raising=False)
    hosts = {"binderhub_url": "https://mybinder.org", "colab_url": "https://colab.example"}
    book = {"launch_buttons": {**hosts, "notebook_interface": "classic"}}
    off = book_launch.launch_options({"use_download_button": True}, book)
    assert off["launch_buttons"] == {"notebook_interface": "classic"}
    assert off["use_repository_button"] is False and "repository_url" not in off
    assert off["use_download_button"] is True

    on = book_launch.launch_options({}, {**book, "repository": {"url": URL + ".git/"}})
    assert on["launch_buttons"] == book["launch_buttons"] and on["use_repository_button"] is True
    assert (on["repository_url"], on["repository_branch"]) == (URL, "main")

    monkeypatch.setenv(book_launch.REPOSITORY_ENV, "https://github.com/fork/book")
    monkeypatch.setenv(book_launch.BRANCH_ENV, "source")
    over = book_launch.launch_options({}, {**book, "repository": {"url": URL, "branch": "x"}})
    assert (over["repository_url"], over["repository_branch"]) == (
        "https://github.com/fork/book",
        "source",
    )


@pytest.mark.parametrize(
    "url", ["https://gitlab.com/o/r", "github.com/o/r", "https://github.com/o"]
)
def test_a_url_colab_cannot_open_is_a_clear_config_error(url: str, monkeypatch) -> None:
    monkeypatch.delenv(book_launch.REPOSITORY_ENV, raising=False)
    with pytest.raises(ConfigError, match="repository.url: .* is not a GitHub repository URL"):
        book_launch.launch_options({}, {"repository": {"url": url}})


def _tiny_book(root: Path) -> None:
    """The book's configuration, extensions and templates with one notebook chapter."""
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, root / name)
    for name in ("_ext", "_static", "_templates"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "index.md").write_text("# A small book\n\nOne chapter.\n", encoding="utf-8")
    (root / "chapters").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("# One chapter\n\nText."),
        nbformat.v4.new_code_cell("1"),
    ]
    nbformat.write(nb, root / "chapters" / "one.ipynb")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n  - file: chapters/one\n", encoding="utf-8"
    )


def _build_tiny(root: Path, **env: str) -> str:
    import os

    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("AXISNET_REPOSITORY")}
    proc = subprocess.run(
        [str(jupyter_book), "build", str(root), "--all", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        cwd=root,
        env={**environ, "AXISNET_BOOK_EXECUTE": "off", **env},
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return (root / "_build" / "html" / "chapters" / "one.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_launch_buttons_follow_the_repository_setting(tmp_path: Path) -> None:
    _tiny_book(tmp_path)
    page = _build_tiny(tmp_path)
    for host in ("colab.research.google.com", "mybinder.org", "github.com"):
        assert host not in page, f"{host} linked without a repository URL"
    assert "launch-buttons" not in page

    page = _build_tiny(tmp_path, AXISNET_REPOSITORY_URL=URL)
    owner_repo = URL.removeprefix("https://github.com/")
    links = set(re.findall(r'href="([^"]+)"', page))
    assert (
        f"https://colab.research.google.com/github/{owner_repo}/blob/main/chapters/one.ipynb"
        in links
    )
    assert f"https://mybinder.org/v2/gh/{owner_repo}/main?urlpath=tree/chapters/one.ipynb" in links
    assert URL in links  # the repository button
    assert "../_sources/chapters/one.ipynb" in links  # the notebook download
    external_loads = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?://[^"]+"', page)
    assert not external_loads


# --------------------------------------------------------------------------- workflow


def _workflow_lint(path: Path) -> subprocess.CompletedProcess[str]:
    linter = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run(
        [str(linter), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )


def test_pages_workflow_is_a_valid_github_workflow(tmp_path: Path) -> None:
    result = _workflow_lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on:", "runs_on:"))
    assert _workflow_lint(broken).returncode != 0  # the linter does catch a mistake


def test_pages_workflow_runs_the_readme_build_and_publishes_the_site() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    book = re.search(r"^make book\b", readme, re.M)
    assert book, "the README no longer shows `make book`"
    (build,) = [r for r in runs if r.startswith("make book")]
    assert 'REPO="${{ github.server_url }}/${{ github.repository }}"' in build
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert {"actions/checkout", "actions/setup-python", "actions/upload-pages-artifact"} <= set(
        uses
    )
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


# --------------------------------------------------------------------------- wheel


@pytest.mark.slow
def test_installed_wheel_loads_the_data_from_an_empty_directory(tmp_path: Path) -> None:
    from axisnet import load

    source = tmp_path / "src"  # a copy: building in place would leave build/ in the checkout
    for name in ("axisnet", "data"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT.md"):
        shutil.copy(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), "."],
        check=True,
        capture_output=True,
        cwd=source,
    )
    (wheel,) = tmp_path.glob("axisnet-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run(
        [*pip, "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    # The dependencies come from this environment's site-packages, after the wheel's own.
    ours = next(p for p in sys.path if p.endswith("site-packages"))
    (Path(site) / "deps.pth").write_text(ours + "\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    script = (
        "import json, axisnet.data as d; data = d.load();"
        "print(json.dumps([str(d.DEFAULT_DATA_DIR), {t: len(getattr(data, t)) for t in d.TABLES}]))"
    )
    proc = subprocess.run(
        [str(python), "-I", "-c", script], capture_output=True, text=True, cwd=empty
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    where, sizes = json.loads(proc.stdout)
    assert Path(where).is_relative_to(site), f"loaded {where}, not the wheel's copy"
    expected = load()
    assert sizes == {t: len(getattr(expected, t)) for t in sizes}
