"""Notebook execution for the book build: cached on the data and the package, run in parallel.

myst-nb's execution cache (``execute_notebooks: cache``) recognises a notebook by its code
alone, so after an edit to ``data/`` or to ``axisnet`` a build would show the old outputs. This
extension keys the cache on the data and the package as well:

- at ``config-inited`` it points ``nb_execution_cache_path`` at a folder named after a digest
  of the data folder (``AXISNET_DATA_DIR`` or ``data/``), of the package's code and fonts and
  of the pinned requirements (``axisnet.notebook.environment_digest``). The setting is part of
  Sphinx's environment, so a new digest makes Sphinx read every page again, and every notebook
  misses the new cache (and is executed, unless its stored outputs are current: below);
  caches of other digests are removed;
- at ``env-before-read-docs`` it sorts the notebooks about to be read that the cache does not
  hold. One whose stored outputs were made from its present code, data, package and pinned
  requirements (``axisnet.notebook.outputs_current``: the digest that
  ``python -m axisnet execute`` records) is not run, since a run would give the same outputs:
  at ``source-read`` its metadata asks myst-nb to render it as stored (``mystnb``
  ``execution_mode: off``). The others are executed, several at a time (one kernel per core),
  into the cache, where myst-nb then finds them. A notebook that fails here is left to
  myst-nb, which executes it again and reports the error as usual.

``AXISNET_BOOK_EXECUTE`` in the environment changes this: ``off`` builds from the stored
outputs whatever they were made from; ``fresh`` executes every notebook the cache does not
hold, stored outputs or not.
"""

from __future__ import annotations

import json
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
#: ``off``: build from the notebooks' stored outputs (the test suite does this once nbval has
#: checked them against a fresh execution in the same run); ``fresh``: execute every notebook
#: the cache does not hold, even one whose stored outputs are current.
EXECUTE_ENV = "AXISNET_BOOK_EXECUTE"
#: The cache folder of one environment is ``inputs-<environment digest>``.
PREFIX = "inputs-"


def _keyed_cache(app: Sphinx, config: Config) -> None:
    if os.environ.get(EXECUTE_ENV) == "off":
        config.nb_execution_mode = "off"
    if config.nb_execution_mode != "cache":
        return
    base = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    if base.name.startswith(PREFIX):
        base = base.parent
    from axisnet.notebook import environment_digest

    keyed = base / f"{PREFIX}{environment_digest()}"
    if base.is_dir():
        for old in base.glob(f"{PREFIX}*"):
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
    from axisnet.notebook import outputs_current

    cache = get_cache(config.execution_cache_path)
    # the cache folder is named after the environment digest (see _keyed_cache)
    environment = Path(config.execution_cache_path).name.removeprefix(PREFIX)
    trust_stored = os.environ.get(EXECUTE_ENV) != "fresh"
    pending: list[Path] = []
    stored: set[str] = set()
    app.axisnet_stored_outputs = stored
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        nb = nbformat.read(path, as_version=4)
        if trust_stored and outputs_current(nb, environment=environment):
            stored.add(docname)
            continue
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            pending.append(path)
    if stored:
        LOGGER.info(f"{len(stored)} notebooks: stored outputs current, not executed")
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


def _as_stored(app: Sphinx, docname: str, source: list[str]) -> None:
    """Have myst-nb render a notebook with current stored outputs as it is, without a run."""
    if docname in getattr(app, "axisnet_stored_outputs", ()):
        nb = json.loads(source[0])
        nb["metadata"].setdefault("mystnb", {})["execution_mode"] = "off"
        source[0] = json.dumps(nb)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _keyed_cache, priority=900)
    app.connect("env-before-read-docs", _execute_in_parallel)
    app.connect("source-read", _as_stored)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
