"""Sphinx extension: one setting turns on the repository link and the launch buttons.

The setting is the repository the book is published from: ``repository.url`` in
``_config.yml`` (a GitHub URL such as ``https://github.com/owner/name``), or, for one build,
the environment variable ``AXISNET_REPOSITORY_URL`` (``make book REPO=...`` sets it, and
``BRANCH=...`` sets ``AXISNET_REPOSITORY_BRANCH``). With it,
every chapter notebook's page gets

- a link to the repository (the theme's repository button);
- Binder and Colab launch buttons for that notebook at ``repository.branch`` (default
  ``main``), on the hosts ``launch_buttons.binderhub_url`` and ``launch_buttons.colab_url``.

Jupyter Book would turn those keys into theme options, but the book sets
``html_theme_options`` itself (under ``sphinx.config``), which replaces them: this extension
reads them from ``_config.yml`` instead. Without a URL, none of these appear: the launch hosts
are dropped, so no button leads nowhere.
The buttons are plain links with icons served by the site; nothing loads from another host.
The download button (the notebook and its source, from the site itself) is always there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

#: Override ``repository.url`` and ``repository.branch`` for one build.
REPOSITORY_ENV = "AXISNET_REPOSITORY_URL"
BRANCH_ENV = "AXISNET_REPOSITORY_BRANCH"
DEFAULT_BRANCH = "main"
_GITHUB = re.compile(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def repository_url(configured: str | None) -> str:
    """The repository URL the build uses: the environment's override, else ``configured``;
    without a trailing ``/`` or ``.git``, ``""`` when neither is set.

    Raises
    ------
    ConfigError
        If the URL is not that of a GitHub repository (Colab opens notebooks from GitHub only).

    Examples
    --------
    >>> repository_url("https://github.com/owner/name.git")
    'https://github.com/owner/name'
    >>> repository_url(None)
    ''
    """
    url = (os.environ.get(REPOSITORY_ENV) or configured or "").strip().rstrip("/")
    url = url.removesuffix(".git")
    if url and not _GITHUB.fullmatch(url):
        source = REPOSITORY_ENV if os.environ.get(REPOSITORY_ENV) else "repository.url"
        raise ConfigError(
            f"{source}: {url!r} is not a GitHub repository URL (https://github.com/owner/name)"
        )
    return url


def launch_options(options: dict[str, Any], book: dict[str, Any]) -> dict[str, Any]:
    """The theme options with the repository link and launch buttons all on (when a
    repository URL is set) or all off.

    Parameters
    ----------
    options
        The theme options (``sphinx.config.html_theme_options`` of ``_config.yml``, which
        replaces what Jupyter Book would make of its ``repository`` and ``launch_buttons``).
    book
        ``_config.yml`` as a mapping: ``repository`` (``url``, ``branch``) and
        ``launch_buttons`` (the hosts) are read from it.

    Examples
    --------
    >>> hosts = {"launch_buttons": {"colab_url": "https://colab.research.google.com"}}
    >>> on = launch_options({}, {"repository": {"url": "https://github.com/o/r"}, **hosts})
    >>> on["use_repository_button"], on["repository_branch"], on["launch_buttons"]["colab_url"]
    (True, 'main', 'https://colab.research.google.com')
    >>> off = launch_options({}, {"repository": {"url": ""}, **hosts})
    >>> off["use_repository_button"], off["launch_buttons"]
    (False, {})
    """
    options = dict(options)
    repository = book.get("repository") or {}
    launch = {**(book.get("launch_buttons") or {}), **(options.get("launch_buttons") or {})}
    url = repository_url(repository.get("url"))
    if url:
        options["repository_url"] = url
        options["repository_branch"] = (
            os.environ.get(BRANCH_ENV) or repository.get("branch") or DEFAULT_BRANCH
        )
        options["use_repository_button"] = True
    else:
        options.pop("repository_url", None)
        options["use_repository_button"] = False
        launch = {k: v for k, v in launch.items() if not k.endswith("_url")}  # every host
    options["launch_buttons"] = launch
    return options


def _configure(app: Sphinx, config: Config) -> None:
    path = Path(app.srcdir) / "_config.yml"
    book = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    config.html_theme_options = launch_options(config.html_theme_options, book or {})


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
