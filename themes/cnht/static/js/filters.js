// Directory filters on /doanh-nghiep/: facets built from /doanh-nghiep/bo-loc.json (written by
// src/site/search.rs), combined with AND across facets and OR within one, with counts that follow
// the other facets' choices. The choices live in the address (?linh-vuc=…&quan=…, one parameter
// per chosen value) so a filtered list can be shared and reloads the same. The section stays
// hidden, and the static listing does the work, when this script does not run.

const root = document.querySelector("[data-filters]");

// Facets in the order of the item fields: [param, item field index, multi-valued].
const FACETS = [
  ["linh-vuc", 3, false],
  ["quan", 4, false],
  ["kcn", 5, false],
  ["chung-nhan", 6, true],
  ["san-pham", 7, true],
  ["quy-mo", 8, false],
];
const PAGE = 48;

if (root) start().catch((e) => {
  console.warn("filters:", e);
  root.hidden = false;
  root.querySelector("[data-filters-status]").textContent = root.dataset.tError ?? "";
  root.querySelector("[data-filters-form]").hidden = true;
});

async function start() {
  const lang = document.documentElement.lang || "vi";
  const en = lang.startsWith("en");
  const t = (key) => root.dataset[key] ?? "";
  const base = root.dataset.base || "/doanh-nghiep/";
  const form = root.querySelector("[data-filters-form]");
  const facetsBox = root.querySelector("[data-filters-facets]");
  const status = root.querySelector("[data-filters-status]");
  const list = root.querySelector("[data-filters-results]");
  const more = root.querySelector("[data-filters-more]");
  const main = root.closest("main") ?? document;
  const staticParts = [...main.querySelectorAll(".enterprise-list, .pager, .empty")].filter(
    (n) => !root.contains(n),
  );

  const response = await fetch(root.dataset.src);
  if (!response.ok) throw new Error(`${root.dataset.src}: ${response.status}`);
  const data = await response.json();
  const items = data.items;
  const values = FACETS.map(([param]) => data.facets[param] ?? []);
  const label = (v) => (en && v[2] ? v[2] : v[1]);

  // Chosen value indexes per facet, from the address (unknown keys are ignored).
  const chosen = FACETS.map(() => new Set());
  function readAddress() {
    const params = new URLSearchParams(location.search);
    FACETS.forEach(([param], f) => {
      chosen[f].clear();
      for (const key of params.getAll(param).flatMap((v) => v.split(","))) {
        const i = values[f].findIndex((v) => v[0] === key);
        if (i >= 0) chosen[f].add(i);
      }
    });
  }
  function writeAddress() {
    const params = new URLSearchParams(location.search);
    FACETS.forEach(([param], f) => {
      params.delete(param);
      for (const i of [...chosen[f]].sort((a, b) => a - b)) params.append(param, values[f][i][0]);
    });
    const s = params.toString();
    const url = location.pathname + (s ? "?" + s : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history.pushState(null, "", url);
    }
    carryQuery();
  }
  // The language switch leads to the same filtered list in the other language.
  function carryQuery() {
    for (const a of document.querySelectorAll(".lang-switch a[hreflang]")) a.search = location.search;
  }

  const has = (item, f, i) => {
    const v = item[FACETS[f][1]];
    return FACETS[f][2] ? v.includes(i) : v === i;
  };
  const matchesFacet = (item, f) =>
    chosen[f].size === 0 || [...chosen[f]].some((i) => has(item, f, i));

  // Build the facets once: a disclosure per facet holding a fieldset of checkboxes.
  const boxes = FACETS.map(() => []);
  const summaries = [];
  FACETS.forEach(([param], f) => {
    if (values[f].length < 2 && chosen[f].size === 0) {
      summaries.push(null);
      return;
    }
    const details = document.createElement("details");
    details.className = "filter";
    details.dataset.facet = param;
    const summary = document.createElement("summary");
    summary.className = "filter__summary";
    details.append(summary);
    const fieldset = document.createElement("fieldset");
    fieldset.className = "filter__set";
    const legend = document.createElement("legend");
    legend.className = "vh";
    legend.textContent = facetName(param);
    fieldset.append(legend);
    const ul = document.createElement("ul");
    ul.className = "filter__list";
    values[f].forEach((v, i) => {
      const li = document.createElement("li");
      const lab = document.createElement("label");
      lab.className = "filter__option";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = param;
      box.value = v[0];
      box.dataset.index = String(i);
      const text = document.createElement("span");
      text.textContent = label(v);
      const count = document.createElement("span");
      count.className = "count";
      lab.append(box, " ", text, " ", count);
      li.append(lab);
      ul.append(li);
      boxes[f].push({ box, count, li });
    });
    fieldset.append(ul);
    details.append(fieldset);
    facetsBox.append(details);
    summaries.push(summary);
  });

  function facetName(param) {
    return t("tFacet" + param.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join(""));
  }

  let matches = [];
  let shown = 0;

  function update() {
    const active = chosen.some((s) => s.size > 0);
    // Counts: for each facet, the items that pass every other facet, per value.
    FACETS.forEach((_, f) => {
      if (!summaries[f]) return;
      const counts = new Array(values[f].length).fill(0);
      for (const item of items) {
        if (!FACETS.every((_, g) => g === f || matchesFacet(item, g))) continue;
        const v = item[FACETS[f][1]];
        if (FACETS[f][2]) for (const i of v) counts[i]++;
        else if (v >= 0) counts[v]++;
      }
      boxes[f].forEach(({ box, count }, i) => {
        box.checked = chosen[f].has(i);
        box.disabled = counts[i] === 0 && !box.checked;
        count.textContent = `(${counts[i].toLocaleString(lang)})`;
      });
      const n = chosen[f].size;
      summaries[f].textContent = facetName(FACETS[f][0]) + (n ? ` (${n})` : "");
      if (n) summaries[f].parentElement.open = true;
    });
    matches = active ? items.filter((item) => FACETS.every((_, f) => matchesFacet(item, f))) : [];
    for (const n of staticParts) n.hidden = active;
    list.hidden = !active;
    list.replaceChildren();
    shown = 0;
    if (active) {
      status.textContent = (matches.length ? t("tCount") : t("tNone")).replace(
        "{n}",
        matches.length.toLocaleString(lang),
      );
      showMore();
    } else {
      status.textContent = "";
      more.hidden = true;
    }
  }

  const sectorOf = (item) => label(values[0][item[3]] ?? ["", ""]);
  const districtOf = (item) => label(values[1][item[4]] ?? ["", ""]);

  function card(item) {
    const li = document.createElement("li");
    li.className = "card card--enterprise";
    const h = document.createElement("h3");
    h.className = "card__title";
    const a = document.createElement("a");
    a.href = `${base}${item[0]}/`;
    a.textContent = item[1];
    h.append(a);
    li.append(h);
    if (item[2]) {
      const p = document.createElement("p");
      p.className = "card__en";
      p.lang = "en";
      p.textContent = item[2];
      li.append(p);
    }
    const dl = document.createElement("dl");
    dl.className = "card__meta";
    for (const [term, value] of [
      [t("tSector"), sectorOf(item)],
      [t("tDistrict"), districtOf(item)],
    ]) {
      const div = document.createElement("div");
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = value;
      div.append(dt, dd);
      dl.append(div);
    }
    li.append(dl);
    return li;
  }

  function showMore() {
    const next = matches.slice(shown, shown + PAGE);
    list.append(...next.map(card));
    shown += next.length;
    more.hidden = shown >= matches.length;
  }

  form.addEventListener("change", (ev) => {
    const box = ev.target;
    if (box.type !== "checkbox") return;
    const f = FACETS.findIndex(([param]) => param === box.name);
    const i = Number(box.dataset.index);
    if (box.checked) chosen[f].add(i);
    else chosen[f].delete(i);
    writeAddress();
    update();
  });
  form.addEventListener("reset", (ev) => {
    ev.preventDefault();
    chosen.forEach((s) => s.clear());
    writeAddress();
    update();
  });
  form.addEventListener("submit", (ev) => ev.preventDefault());
  more.addEventListener("click", showMore);
  window.addEventListener("popstate", () => {
    readAddress();
    update();
    carryQuery();
  });

  readAddress();
  update();
  carryQuery();
  root.hidden = false;
}
