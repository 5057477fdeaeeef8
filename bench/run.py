"""Performance report: ratios against floors measured in the same run (``make bench``).

Machines are noisy, so every figure is reported next to a floor taken on the same machine in
the same run:

- chapter execution time / the time of a notebook that only starts a kernel and imports the
  same libraries;
- cold and warm builds of the book / cold and warm builds of the stock ``jupyter-book create``
  template; the book's cold build twice: as a fresh clone builds (chapters whose stored outputs
  are current are not run) and with every chapter executed (``AXISNET_BOOK_EXECUTE=fresh``);
- weight of each chapter page (HTML plus every local script, stylesheet and image it loads) /
  the weight of the template's page;
- Lighthouse scores (performance, accessibility, best practices, SEO; mobile, simulated
  throttling; the median of three runs) of every page of the book (front page, chapters,
  appendices) / the same scores of the template's page, all served from 127.0.0.1 and audited
  in Debian's chromium (Lighthouse comes from ``bench/package.json``); each page is audited
  twice, served gzip-compressed as a real host serves it, and served uncompressed;
- seconds per exported figure;
- timings of the robustness analyses on the book's own networks (``bench/robustness.py``).

The report is printed and written to ``bench/results/report.json``. It is a report, not a test.

``--only lighthouse --site _build/html`` audits an already built site against a fresh template
build, without running the rest.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat

from axisnet.notebook import execute

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from local_site import COMPRESSIBLE, serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
#: The book build's execution setting (``_ext/book_execution.py``).
EXECUTE = "AXISNET_BOOK_EXECUTE"
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


def build(source: Path, out: Path, extra: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(source), "--path-output", str(out), *extra],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
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


# Text types a web host sends compressed (what nginx, Netlify or GitHub Pages compress).


def gzipped_size(path: Path) -> int:
    """Bytes of a file as a host sends it: gzip (level 6) for text types, as is otherwise."""
    import mimetypes

    data = path.read_bytes()
    kind = mimetypes.guess_type(path.name)[0] or ""
    return len(gzip.compress(data, 6, mtime=0)) if COMPRESSIBLE.match(kind) else len(data)


def page_weight(page: Path) -> tuple[int, int]:
    """Bytes of a page plus the local scripts, stylesheets and images it loads: as stored, and
    as sent by a host that compresses text."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    total, compressed = page.stat().st_size, gzipped_size(page)
    for url in set(parser.urls):
        if re.match(r"^(https?:)?//", url):
            continue
        asset = (page.parent / url.split("?")[0].split("#")[0]).resolve()
        if asset.is_file():
            total += asset.stat().st_size
            compressed += gzipped_size(asset)
    return total, compressed


def book_pages(html: Path) -> list[Path]:
    """The book's pages: the front page, the chapters and the appendices."""
    return [html / "index.html", *sorted((html / "chapters").glob("*.html"))]


def build_template(tmp: Path) -> tuple[float, float]:
    """Create the stock template in ``tmp`` and build it twice (cold, warm); return the times."""
    template = tmp / "template"
    subprocess.run(
        [str(BIN / "jupyter-book"), "create", str(template)], check=True, capture_output=True
    )
    return build(template, tmp / "t-out", []), build(template, tmp / "t-out", [])


def builds_and_weights(tmp: Path) -> dict:
    template_cold, template_warm = build_template(tmp)
    book = tmp / "book"
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(".*", "_build", "bench"))
    strict = ["-W", "-n", "--keep-going"]
    result = {
        "template_cold_s": template_cold,
        "template_warm_s": template_warm,
        "book_cold_s": build(book, tmp / "b-out", strict),
        "book_warm_s": build(book, tmp / "b-out", strict),
        "book_cold_fresh_s": build(book, tmp / "f-out", strict, {EXECUTE: "fresh"}),
    }
    result["cold_ratio"] = result["book_cold_s"] / result["template_cold_s"]
    result["warm_ratio"] = result["book_warm_s"] / result["template_warm_s"]
    result["cold_fresh_ratio"] = result["book_cold_fresh_s"] / result["template_cold_s"]
    result = {k: round(v, 2) for k, v in result.items()}
    result.update(weights(tmp / "t-out" / "_build" / "html", tmp / "b-out" / "_build" / "html"))
    return result


def weights(template_html: Path, book_html: Path) -> dict:
    """Weight of every book page against the template's page, stored and compressed."""
    template_bytes, template_gzip = page_weight(template_html / "markdown.html")
    pages = []
    for page in book_pages(book_html):
        stored, compressed = page_weight(page)
        pages.append(
            {
                "page": str(page.relative_to(book_html)),
                "bytes": stored,
                "gzip_bytes": compressed,
                "ratio": round(stored / template_bytes, 2),
                "gzip_ratio": round(compressed / template_gzip, 2),
            }
        )
    return {
        "template_page_bytes": template_bytes,
        "template_page_gzip_bytes": template_gzip,
        "pages": pages,
    }


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


def median_audit(url: str, out: Path, chromium: str, runs: int = LIGHTHOUSE_RUNS) -> dict:
    """Lighthouse's simulated timings vary from run to run: keep the run with the median
    performance score out of ``runs``, and record the spread of the scores."""
    results = [audit(url, out, chromium) for _ in range(runs)]
    good = sorted((r for r in results if "performance" in r), key=lambda r: r["performance"])
    if not good:
        return results[0]
    scores = [r["performance"] for r in good]
    return {**good[len(good) // 2], "performance_runs": scores}


SERVING = {"compressed": True, "uncompressed": False}


def lighthouse(
    template_html: Path,
    book_html: Path,
    tmp: Path,
    serving: tuple[str, ...] = tuple(SERVING),
    runs: int = LIGHTHOUSE_RUNS,
) -> dict:
    """Lighthouse on the template's page and on every page of the book, each served compressed
    and uncompressed (or as ``serving`` says), ``runs`` times."""
    chromium = shutil.which("chromium")
    if not LIGHTHOUSE.exists():
        return {"skipped": "Lighthouse not installed (make bench installs it with npm)"}
    if chromium is None:
        return {"skipped": "no chromium on PATH (apt-get install chromium)"}
    report: dict = {}
    for mode in serving:
        compress = SERVING[mode]
        with serve(template_html, compress) as url:
            template = median_audit(
                f"{url}/markdown.html", tmp / "lh-template.json", chromium, runs
            )
        pages = []
        with serve(book_html, compress) as url:
            for page in book_pages(book_html):
                rel = page.relative_to(book_html).as_posix()
                row = {
                    "page": rel,
                    **median_audit(f"{url}/{rel}", tmp / "lh.json", chromium, runs),
                }
                for cat in CATEGORIES:
                    if cat in row and template.get(cat):
                        row[f"{cat}_ratio"] = round(row[cat] / template[cat], 2)
                pages.append(row)
        report[mode] = {"template": template, "pages": pages}
    return report


def figure_export(tmp: Path) -> dict:
    from axisnet.publish import export_all

    start = time.perf_counter()
    count = export_all(tmp / "figures")
    seconds = time.perf_counter() - start
    per_figure = seconds / max(count, 1)
    return {"figures": count, "seconds": round(seconds, 2), "per_figure_s": round(per_figure, 2)}


PARTS = ("chapters", "builds", "lighthouse", "figures", "robustness")


def print_lighthouse(lh: dict) -> None:
    print("Lighthouse (mobile, simulated throttling; median of three runs) against the template")
    if "skipped" in lh:
        print(f"  skipped: {lh['skipped']}")
        return
    for serving, result in lh.items():
        print(f"  served {serving}")
        for row in [{"page": "template: markdown.html", **result["template"]}, *result["pages"]]:
            if "error" in row:
                print(f"    {row['page']:<32} error: {row['error']}")
                continue
            scores = " ".join(f"{row.get(cat, '-'):>3}" for cat in CATEGORIES)
            runs = "/".join(str(v) for v in row.get("performance_runs", []))
            print(
                f"    {row['page']:<32} perf/a11y/bp/seo {scores}"
                f"  FCP {row.get('fcp_ms', '-'):>5} LCP {row.get('lcp_ms', '-'):>5}"
                f" TBT {row.get('tbt_ms', '-'):>4} CLS {row.get('cls', '-'):<5}"
                f" {row.get('transfer_bytes', 0) / 1024:>6.0f} KiB  runs {runs}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts of {', '.join(PARTS)}"
    )
    parser.add_argument(
        "--site", type=Path, help="an already built site to weigh and audit (skips the book build)"
    )
    parser.add_argument(
        "--serving",
        default=",".join(SERVING),
        help="Lighthouse: comma-separated ways to serve the pages (compressed, uncompressed)",
    )
    parser.add_argument(
        "--runs", type=int, default=LIGHTHOUSE_RUNS, help="Lighthouse runs per page (median kept)"
    )
    args = parser.parse_args(argv)
    parts = [p for p in args.only.split(",") if p]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {sorted(unknown)}")

    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="axisnet-bench-") as tmp_name:
        tmp = Path(tmp_name)
        if "chapters" in parts:
            report["chapters"] = chapter_times()
        if "builds" in parts and args.site is None:
            report["builds"] = builds_and_weights(tmp)
        elif {"builds", "lighthouse"} & set(parts):
            build_template(tmp)
        site = args.site.resolve() if args.site else tmp / "b-out" / "_build" / "html"
        if "builds" in parts and args.site is not None:
            report["builds"] = weights(tmp / "t-out" / "_build" / "html", site)
        if "lighthouse" in parts:
            if not site.is_dir():
                build(ROOT, tmp / "b-out", ["-W", "-n", "--keep-going"])
            serving = tuple(m for m in args.serving.split(",") if m)
            if set(serving) - set(SERVING):
                parser.error(f"--serving takes {', '.join(SERVING)}")
            report["lighthouse"] = lighthouse(
                tmp / "t-out" / "_build" / "html", site, tmp, serving, args.runs
            )
        if "figures" in parts:
            report["figure_export"] = figure_export(tmp)
    if "robustness" in parts:
        sys.path.insert(0, str(ROOT / "bench"))
        import robustness

        report["robustness"] = robustness.run()
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "report.json" if parts == list(PARTS) else f"report-{'-'.join(parts)}.json"
    (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    if "chapters" in report:
        print("Chapter execution (ratio to a kernel that only imports the same libraries)")
        for row in report["chapters"]:
            print(f"  {row['chapter']:<32} {row['seconds']:>7.2f} s  x{row['ratio']:.2f}")
    if "builds" in report:
        b = report["builds"]
        if "book_cold_s" in b:
            print("Book build against the stock template, same run")
            for kind in ("cold", "warm", "cold_fresh"):
                book, template = b[f"book_{kind}_s"], b[f"template_{kind.split('_')[0]}_s"]
                label = {"cold_fresh": "cold, every chapter executed"}.get(kind, kind)
                print(f"  {label} {book:.1f} s vs {template:.1f} s  x{b[f'{kind}_ratio']:.2f}")
        print(
            f"Page weight against the template's page ({b['template_page_bytes']:,} bytes, "
            f"{b['template_page_gzip_bytes']:,} compressed)"
        )
        for row in b["pages"]:
            print(
                f"  {row['page']:<32} {row['bytes']:>10,} bytes  x{row['ratio']:.2f}"
                f"  {row['gzip_bytes']:>9,} compressed  x{row['gzip_ratio']:.2f}"
            )
    if "lighthouse" in report:
        print_lighthouse(report["lighthouse"])
    if "figure_export" in report:
        f = report["figure_export"]
        print(f"Figure export: {f['figures']} figures in {f['seconds']:.1f} s", end=" ")
        print(f"({f['per_figure_s']:.2f} s each)")
    if "robustness" in report:
        print("Robustness analyses on the book's own networks")
        for row in report["robustness"]:
            print("  " + "  ".join(f"{k}={v}" for k, v in row.items()))
    print(f"Written to {RESULTS.relative_to(ROOT) / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
