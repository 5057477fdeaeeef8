// Live text of the network explorer (inlined by book_offline.py on the page that holds it).
// The chart writes the chosen scenario's measures under its diagram; after each change of a
// control, the same lines are copied into the summary below the figure, a polite live region,
// so that screen readers announce what changed.
(() => {
  const FIGURE = "#fig-explorer-network";
  const LINES = ".explorer_measures_marks text, .explorer_empty_marks text";

  const lines = (el) =>
    Array.from(el.querySelectorAll(LINES)).flatMap((text) => {
      const spans = text.querySelectorAll("tspan");
      return spans.length ? Array.from(spans, (s) => s.textContent) : [text.textContent];
    });

  document.addEventListener("vegadrawn", (event) => {
    const chart = event.target;
    const region = document.querySelector(".explorer-summary");
    if (!region || !chart.closest(FIGURE)) return;
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    const { view, vgSpec } = event.detail;
    const update = () => {
      const text = lines(chart).filter((line) => line).join(" ");
      if (text) region.textContent = text;
    };
    (vgSpec.signals || [])
      .filter((signal) => signal.bind)
      .forEach((signal) => view.addSignalListener(signal.name, () => view.runAsync().then(update)));
  });
})();
