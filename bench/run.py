"""Performance report: ratios against floors measured in the same run (``make bench``).

Machines are noisy, so every figure is reported next to a floor taken on the same machine in
the same run:

- chapter execution time / the time of a notebook that only starts a kernel and imports the
  same libraries;
- cold and warm builds of the book / cold and warm builds of the stock ``jupyter-book create``
  template;
- weight of each chapter page (HTML plus every local script, stylesheet and image it loads) /
  the weight of the template's page;
- Lighthouse scores (performance, accessibility, best practices, SEO; mobile, simulated
  throttling; the median of three runs) of each chapter page / the same scores of the
  template's page, both served from 127.0.0.1 and audited in Debian's chromium (Lighthouse
  comes from ``bench/package.json``);
- seconds per exported figure;
- timings of the robustness analyses on the book's own networks (``bench/robustness.py``).

The report is printed and written to ``bench/results/report.json``. It is a report, not a test.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import nbformat

from axisnet.notebook import execute

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
FLOOR_IMPORTS = (
    "import altair, networkx, pandas\n"
    "from myst_nb import glue\n"
    "from axisnet import charts, figures, graphs, load, measures\n"
    "from axisnet.notebook import setup\n"
    "setup()"
)


def run_notebook(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    execute(nb, cwd)
    return time.perf_counter() - start


def chapter_times() -> list[dict]:
    floor_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_IMPORTS)])
    floor = min(run_notebook(floor_nb, ROOT / "chapters") for _ in range(3))
    rows = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        seconds = min(run_notebook(nb, path.parent) for _ in range(2))
        rows.append(
            {
                "chapter": path.name,
                "seconds": round(seconds, 2),
                "floor_seconds": round(floor, 2),
                "ratio": round(seconds / floor, 2),
            }
        )
    return rows


def build(source: Path, out: Path, extra: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(source), "--path-output", str(out), *extra],
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        raise RuntimeError(f"build of {source} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    return time.perf_counter() - start


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("rel") in {"stylesheet", "icon"} and a.get("href"):
            self.urls.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.urls.append(a["src"])


def page_weight(page: Path) -> int:
    """Bytes of a page plus the local scripts, stylesheets and images it loads."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    total = page.stat().st_size
    for url in set(parser.urls):
        if re.match(r"^(https?:)?//", url):
            continue
        asset = (page.parent / url.split("?")[0].split("#")[0]).resolve()
        if asset.is_file():
            total += asset.stat().st_size
    return total


def builds_and_weights(tmp: Path) -> dict:
    template = tmp / "template"
    subprocess.run(
        [str(BIN / "jupyter-book"), "create", str(template)], check=True, capture_output=True
    )
    book = tmp / "book"
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(".*", "_build", "bench"))
    result = {
        "template_cold_s": build(template, tmp / "t-out", []),
        "template_warm_s": build(template, tmp / "t-out", []),
        "book_cold_s": build(book, tmp / "b-out", ["-W", "-n", "--keep-going"]),
        "book_warm_s": build(book, tmp / "b-out", ["-W", "-n", "--keep-going"]),
    }
    result["cold_ratio"] = result["book_cold_s"] / result["template_cold_s"]
    result["warm_ratio"] = result["book_warm_s"] / result["template_warm_s"]
    template_page = page_weight(tmp / "t-out" / "_build" / "html" / "markdown.html")
    weights = []
    for page in sorted((tmp / "b-out" / "_build" / "html" / "chapters").glob("*.html")):
        w = page_weight(page)
        weights.append({"page": page.name, "bytes": w, "ratio": round(w / template_page, 2)})
    result = {k: round(v, 2) for k, v in result.items()}
    result["template_page_bytes"] = template_page
    result["pages"] = weights
    return result


LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_RUNS = 3
METRICS = {
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "cumulative-layout-shift": "cls",
    "total-byte-weight": "transfer_bytes",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def audit(url: str, out: Path, chromium: str) -> dict:
    """One Lighthouse run: category scores (0-100) and the main metrics."""
    proc = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": chromium},
    )
    if proc.returncode or not out.exists():
        return {"error": (proc.stdout + proc.stderr)[-500:]}
    result = json.loads(out.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        return {"error": result["runtimeError"].get("message", "")}
    row = {
        cat: round(100 * result["categories"][cat]["score"])
        for cat in CATEGORIES
        if result["categories"][cat]["score"] is not None
    }
    for audit_id, key in METRICS.items():
        value = result["audits"][audit_id].get("numericValue")
        if value is not None:
            row[key] = round(value, 3) if key == "cls" else round(value)
    return row


def median_audit(url: str, out: Path, chromium: str) -> dict:
    """Lighthouse's simulated timings vary from run to run: keep the run with the median
    performance score out of ``LIGHTHOUSE_RUNS``, and record the spread of the scores."""
    runs = [audit(url, out, chromium) for _ in range(LIGHTHOUSE_RUNS)]
    good = sorted((r for r in runs if "performance" in r), key=lambda r: r["performance"])
    if not good:
        return runs[0]
    scores = [r["performance"] for r in good]
    return {**good[len(good) // 2], "performance_runs": scores}


def lighthouse(tmp: Path) -> dict:
    """Lighthouse on the template's page and on every chapter page of the builds in ``tmp``."""
    chromium = shutil.which("chromium")
    if not LIGHTHOUSE.exists():
        return {"skipped": "Lighthouse not installed (make bench installs it with npm)"}
    if chromium is None:
        return {"skipped": "no chromium on PATH (apt-get install chromium)"}
    with serve(tmp / "t-out" / "_build" / "html") as template_url:
        template = median_audit(f"{template_url}/markdown.html", tmp / "lh-template.json", chromium)
    pages = []
    book = tmp / "b-out" / "_build" / "html"
    with serve(book) as book_url:
        for page in sorted((book / "chapters").glob("[0-9]*.html")):
            row = {
                "page": page.name,
                **median_audit(f"{book_url}/chapters/{page.name}", tmp / "lh.json", chromium),
            }
            for cat in CATEGORIES:
                if cat in row and template.get(cat):
                    row[f"{cat}_ratio"] = round(row[cat] / template[cat], 2)
            pages.append(row)
    return {"template": template, "pages": pages}


def figure_export(tmp: Path) -> dict:
    from axisnet.figures import export_all

    start = time.perf_counter()
    count = export_all(tmp / "figures", appendix=tmp / "appendix-figures.md")
    seconds = time.perf_counter() - start
    per_figure = seconds / max(count, 1)
    return {"figures": count, "seconds": round(seconds, 2), "per_figure_s": round(per_figure, 2)}


def main() -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    import robustness

    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="axisnet-bench-") as tmp:
        report["chapters"] = chapter_times()
        report["builds"] = builds_and_weights(Path(tmp))
        report["lighthouse"] = lighthouse(Path(tmp))
        report["figure_export"] = figure_export(Path(tmp))
    report["robustness"] = robustness.run()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print("Chapter execution (ratio to a kernel that only imports the same libraries)")
    for row in report["chapters"]:
        print(f"  {row['chapter']:<32} {row['seconds']:>7.2f} s  x{row['ratio']:.2f}")
    b = report["builds"]
    print("Book build against the stock template, same run")
    for kind in ("cold", "warm"):
        book, template, ratio = (b[f"book_{kind}_s"], b[f"template_{kind}_s"], b[f"{kind}_ratio"])
        print(f"  {kind} {book:.1f} s vs {template:.1f} s  x{ratio:.2f}")
    print(f"Page weight against the template's page ({b['template_page_bytes']:,} bytes)")
    for row in b["pages"]:
        print(f"  {row['page']:<32} {row['bytes']:>10,} bytes  x{row['ratio']:.2f}")
    lh = report["lighthouse"]
    print("Lighthouse (mobile, simulated throttling) against the template's page")
    if "skipped" in lh:
        print(f"  skipped: {lh['skipped']}")
    else:
        for row in [{"page": "template: markdown.html", **lh["template"]}, *lh["pages"]]:
            if "error" in row:
                print(f"  {row['page']:<32} error: {row['error']}")
                continue
            scores = "  ".join(f"{cat} {row.get(cat, '-')}" for cat in CATEGORIES)
            runs = "/".join(str(v) for v in row.get("performance_runs", []))
            print(f"  {row['page']:<32} {scores}  LCP {row.get('lcp_ms', '-')} ms  runs {runs}")
    f = report["figure_export"]
    print(f"Figure export: {f['figures']} figures in {f['seconds']:.1f} s", end=" ")
    print(f"({f['per_figure_s']:.2f} s each)")
    print("Robustness analyses on the book's networks")
    for row in report["robustness"]:
        print("  " + "  ".join(f"{k}={v}" for k, v in row.items()))
    print(f"Written to {RESULTS.relative_to(ROOT) / 'report.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
