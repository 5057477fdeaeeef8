"""Notebook execution for the book build: cached on the data and the package, run in parallel.

myst-nb's execution cache (``execute_notebooks: cache``) recognises a notebook by its code
alone, so after an edit to ``data/`` or to ``axisnet`` a build would show the old outputs. This
extension keys the cache on the data and the package as well:

- at ``config-inited`` it points ``nb_execution_cache_path`` at a folder named after a digest
  of the data folder (``AXISNET_DATA_DIR`` or ``data/``) and of the package's code and fonts.
  The setting is part of Sphinx's environment, so a new digest makes Sphinx read every page
  again, and every notebook misses the new cache and is executed; caches of other digests are
  removed;
- at ``env-before-read-docs`` it executes the notebooks about to be read that the cache does
  not hold, several at a time (one kernel per core), and stores them in the cache, where
  myst-nb then finds them. A notebook that fails here is left to myst-nb, which executes it
  again and reports the error as usual.

``AXISNET_BOOK_EXECUTE=off`` in the environment builds from the stored outputs instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[1]
LOGGER = logging.getLogger(__name__)
#: Set to ``off`` to build from the notebooks' stored outputs (the test suite does this once
#: nbval has checked them against a fresh execution in the same run).
EXECUTE_ENV = "AXISNET_BOOK_EXECUTE"


def inputs_digest(root: Path = ROOT) -> str:
    """A digest of what chapter outputs depend on besides their code: data, package, fonts."""
    from axisnet.notebook import data_digest

    digest = hashlib.sha256(data_digest().encode())
    package = root / "axisnet"
    for path in sorted(p for p in package.rglob("*") if p.is_file()):
        if "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _keyed_cache(app: Sphinx, config: Config) -> None:
    if os.environ.get(EXECUTE_ENV) == "off":
        config.nb_execution_mode = "off"
    if config.nb_execution_mode != "cache":
        return
    base = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    if base.name.startswith("inputs-"):
        base = base.parent
    keyed = base / f"inputs-{inputs_digest()}"
    if base.is_dir():
        for old in base.glob("inputs-*"):
            if old != keyed:
                shutil.rmtree(old, ignore_errors=True)
    config.nb_execution_cache_path = str(keyed.resolve())


def _execute(path: Path, timeout: int) -> tuple[Path, Any, float | None]:
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    result = single_nb_execution(nb, cwd=str(path.parent), timeout=timeout, allow_errors=False)
    return path, nb, None if result.err else time.perf_counter() - start


def _execute_in_parallel(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Execute the uncached notebooks among ``docnames`` concurrently, into the cache."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    config = env.mystnb_config
    if config.execution_mode != "cache":
        return
    cache = get_cache(config.execution_cache_path)
    pending = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            pending.append(path)
    if len(pending) < 2:
        return  # nothing to gain: myst-nb executes a single notebook itself
    workers = min(len(pending), os.cpu_count() or 1)
    LOGGER.info(f"executing {len(pending)} notebooks, {workers} at a time")
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda p: _execute(p, config.execution_timeout), pending))
    for path, nb, seconds in results:
        if seconds is None:
            continue
        record = cache.add_nb_to_project(str(path))
        cache.cache_notebook_bundle(
            CacheBundleIn(nb, record.uri, data={"execution_seconds": seconds}),
            check_validity=False,
            overwrite=True,
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _keyed_cache, priority=900)
    app.connect("env-before-read-docs", _execute_in_parallel)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
