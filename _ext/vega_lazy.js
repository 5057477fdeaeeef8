// Head script of chart pages (inlined by book_offline.py): a stand-in for vegaEmbed that draws
// each chart when it nears the viewport. The upper-case placeholders are filled in at build time.
// A chart's spec arrives as a stand-in, {src, size}: the URL of its JSON file, fetched when the
// chart nears the viewport, and the size fields that reserve its height until then.
(() => {
  const src = __SRC__;
  const queue = [];
  let loading = null;

  // The Vega bundle, fetched once, when the first chart is about to be needed.
  const bundle = () => {
    loading ??= new Promise((resolve, reject) => {
      window.vegaOfflineReady = resolve;
      const script = document.createElement("script");
      script.src = src;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(script);
    });
    return loading;
  };

  // A chart's height from its spec: plot heights, concatenations, facets, plus room for axes,
  // titles and legends (stacked in one column on a phone). It only needs to be close: the
  // drawn chart replaces it.
  const narrow = window.innerWidth < 480;
  const num = (v, d) => (typeof v === "number" ? v : d);
  const LEGENDS = ["color", "fill", "shape", "strokeDash", "size"];
  const legends = (s) => {
    const encoding = s.encoding || {};
    // Channels on one field share a legend: count the largest.
    return LEGENDS.filter((ch) => encoding[ch] && encoding[ch].legend !== null).reduce((t, ch) => {
      const domain = (encoding[ch].scale || {}).domain;
      const entries = Array.isArray(domain) ? domain.length : 4;
      return Math.max(t, 24 + 18 * Math.ceil(entries / (narrow ? 1 : 3)));
    }, 0);
  };
  const estimate = (s, view) => {
    const title = s.title ? 26 : 0;
    if (s.vconcat) return s.vconcat.reduce((t, c) => t + estimate(c, view) + 20, title);
    if (s.hconcat) return title + Math.max(0, ...s.hconcat.map((c) => estimate(c, view)));
    if (s.concat) {
      const rows = Math.ceil(s.concat.length / num(s.columns, 2));
      return title + rows * (estimate(s.concat[0], view) + 20);
    }
    if (s.spec) return title + 2 * estimate(s.spec, view);
    const step = s.height && s.height.step;
    const plot = num(s.height, step ? 10 * step : view);
    const layers = s.layer ? [s, ...s.layer] : [s];
    return title + plot + 40 + Math.max(...layers.map(legends));
  };
  const reserve = (el, spec) => {
    const config = spec.config || {};
    const view = num((config.view || {}).continuousHeight, 300);
    const pad = 2 * num(config.padding, 5);
    el.style.minHeight = `${Math.round(estimate(spec, view) + pad)}px`;
  };

  // The chart's font, if the site serves it (@font-face), loaded before Vega measures text
  // with it; system fonts resolve at once.
  const fonts = (spec) => {
    const family = (spec.config || {}).font;
    if (!family || !document.fonts) return Promise.resolve();
    return Promise.all([`12px ${family}`, `bold 12px ${family}`].map((f) => document.fonts.load(f)))
      .catch(() => undefined);
  };

  // A chart's full spec, fetched once.
  const specOf = (job) => {
    job.spec ??= fetch(job.src).then((response) => {
      if (!response.ok) throw new Error(`could not load ${job.src}: ${response.status}`);
      return response.json();
    });
    return job.spec;
  };

  const watch = "IntersectionObserver" in window;
  const draw = (job) => {
    const i = queue.indexOf(job);
    if (i < 0) return;
    queue.splice(i, 1);
    if (watch) {
      drawer.unobserve(job.el);
      loader.unobserve(job.el);
    }
    Promise.all([bundle(), specOf(job).then((spec) => fonts(spec).then(() => spec))])
      .then(([embed, spec]) => embed(job.el, spec, ...job.rest))
      .then((result) => {
        job.el.style.minHeight = "";
        // Page scripts that follow a chart (e.g. a live text summary) get its Vega view here.
        job.el.dispatchEvent(new CustomEvent("vegadrawn", { bubbles: true, detail: result }));
        job.resolve(result);
      }, job.reject);
  };
  const drawWhere = (test) => queue.slice().forEach((job) => test(job.el) && draw(job));
  const drawer = watch && new IntersectionObserver(
    (entries) => entries.forEach((e) => e.isIntersecting && drawWhere((el) => el === e.target)),
    { rootMargin: __DRAW_MARGIN__ },
  );
  const loader = watch && new IntersectionObserver(
    (entries) => {
      entries.forEach((e) => {
        if (!e.isIntersecting) return;
        bundle();
        loader.unobserve(e.target);
        queue.filter((job) => job.el === e.target).forEach(specOf);
      });
    },
    { rootMargin: __LOAD_MARGIN__ },
  );

  window.vegaEmbed = (el, stub, ...rest) => {
    const target = typeof el === "string" ? document.querySelector(el) : el;
    return new Promise((resolve, reject) => {
      // (A spec written in the page, not moved to a file, is drawn as it is.)
      const moved = typeof stub.src === "string" && stub.size;
      const job = { el: target, src: stub.src, rest, resolve, reject };
      if (!moved) job.spec = Promise.resolve(stub);
      reserve(target, moved ? stub.size : stub);
      queue.push(job);
      if (watch) {
        drawer.observe(target);
        loader.observe(target);
      } else {
        draw(job);
      }
    });
  };

  // Printing shows every chart; so does opening the page at an anchor in a chart's figure.
  const drawAtAnchor = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target) drawWhere((el) => target.contains(el));
  };
  window.addEventListener("beforeprint", () => drawWhere(() => true));
  window.addEventListener("hashchange", drawAtAnchor);
  document.addEventListener("DOMContentLoaded", drawAtAnchor);
})();
