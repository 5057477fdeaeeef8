"""Sphinx extension: one setting turns on the repository link and the launch buttons.

The setting is the repository the book is published from: ``repository.url`` in
``_config.yml`` (a GitHub URL such as ``https://github.com/owner/name``), or, for one build,
the environment variable ``AXISNET_REPOSITORY_URL`` (``make book REPO=...`` sets it). With it,
every chapter notebook's page gets

- a link to the repository (the theme's repository button);
- Binder and Colab launch buttons for that notebook at ``repository.branch`` (default
  ``main``), on the hosts ``launch_buttons.binderhub_url`` and ``launch_buttons.colab_url``.

Without it, none of these appear: the launch hosts are dropped, so no button leads nowhere.
The buttons are plain links with icons served by the site; nothing loads from another host.
The download button (the notebook and its source, from the site itself) is always there.
"""

from __future__ import annotations

import os
import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

#: Overrides ``repository.url`` for one build.
REPOSITORY_ENV = "AXISNET_REPOSITORY_URL"
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


def launch_options(options: dict[str, Any]) -> dict[str, Any]:
    """The theme options with the repository link and launch buttons all on (when a
    repository URL is set) or all off.

    Examples
    --------
    >>> on = launch_options({"repository_url": "https://github.com/o/r",
    ...                      "launch_buttons": {"colab_url": "https://colab.research.google.com"}})
    >>> on["use_repository_button"], on["repository_branch"]
    (True, 'main')
    >>> off = launch_options({"launch_buttons": {"colab_url": "https://colab.research.google.com"}})
    >>> off["use_repository_button"], off["launch_buttons"]
    (False, {})
    """
    options = dict(options)
    launch = dict(options.get("launch_buttons") or {})
    url = repository_url(options.get("repository_url"))
    if url:
        options["repository_url"] = url
        options["repository_branch"] = options.get("repository_branch") or DEFAULT_BRANCH
        options["use_repository_button"] = True
    else:
        options.pop("repository_url", None)
        options["use_repository_button"] = False
        launch = {k: v for k, v in launch.items() if not k.endswith("_url")}  # every host
    options["launch_buttons"] = launch
    return options


def _configure(app: Sphinx, config: Config) -> None:
    config.html_theme_options = launch_options(config.html_theme_options)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
