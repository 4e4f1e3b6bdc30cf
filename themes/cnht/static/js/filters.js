// Directory shortlists on /doanh-nghiep/: facets built from /doanh-nghiep/bo-loc.json (written by
// src/site/search/shortlist.rs: per enterprise only the indexes of its values and its sort keys),
// combined with AND across facets and OR within one, with counts that follow the other facets'
// choices; a sort; the shortlist's cards fetched from the files of cards (the listing's own
// markup, rendered by the site) only for the cards shown; and the shortlist exported as CSV in
// the page's language (csv.js: the open data's spreadsheet rule). The choices live in the address
// (?linh-vuc=…&quan=…&sap-xep=…) so a shortlist can be shared and reloads the same. The section
// stays hidden, and the static listing does the work, when this script does not run.

const root = document.querySelector("[data-filters]");
const PAGE = 24;
const SORT = "sap-xep";

if (root) start().catch((e) => {
  console.warn("filters:", e);
  root.hidden = false;
  status(root.dataset.tError ?? "");
  root.querySelector("[data-filters-panel]").hidden = true;
});

function status(text) {
  const node = document.querySelector("[data-filters-status]");
  if (node) node.textContent = text;
}

async function start() {
  const lang = document.documentElement.lang || "vi";
  const en = lang.startsWith("en");
  const t = (key) => root.dataset[key] ?? "";
  const form = root.querySelector("[data-filters-form]");
  const panel = root.querySelector("[data-filters-panel]");
  const chosenBadge = root.querySelector("[data-filters-chosen]");
  const facetsBox = root.querySelector("[data-filters-facets]");
  const sortBox = root.querySelector("[data-filters-sort]");
  const exportButton = root.querySelector("[data-filters-export]");
  const list = document.querySelector("[data-filters-results]");
  const more = document.querySelector("[data-filters-more]");
  const main = root.closest("main") ?? document;
  const staticParts = [...main.querySelectorAll(".enterprise-list, .pager, .empty, [data-filters-static]")].filter(
    (n) => n !== list,
  );

  const response = await fetch(root.dataset.src);
  if (!response.ok) throw new Error(`${root.dataset.src}: ${response.status}`);
  const data = await response.json();
  if (data.v !== 2) throw new Error(`filter data version ${data.v}`);
  const { facets, items, sort } = data;
  const label = (pair) => (en && pair[1] ? pair[1] : pair[0]);
  const valueLabel = (v) => (en && v[2] ? v[2] : v[1]);
  const ANY = "bat-ky";

  // Chosen value indexes per facet (-1: "any value"), from the address; unknown keys are ignored.
  const chosen = facets.map(() => new Set());
  let sortBy = "";
  function readAddress() {
    const params = new URLSearchParams(location.search);
    facets.forEach((facet, f) => {
      chosen[f].clear();
      for (const key of params.getAll(facet.key).flatMap((v) => v.split(","))) {
        if (key === ANY && facet.any) chosen[f].add(-1);
        const i = facet.values.findIndex((v) => v[0] === key);
        if (i >= 0) chosen[f].add(i);
      }
    });
    sortBy = [...sortBox.options].some((o) => o.value === params.get(SORT)) ? params.get(SORT) : "";
    sortBox.value = sortBy;
  }
  function writeAddress() {
    const params = new URLSearchParams(location.search);
    facets.forEach((facet, f) => {
      params.delete(facet.key);
      for (const i of [...chosen[f]].sort((a, b) => a - b)) {
        params.append(facet.key, i < 0 ? ANY : facet.values[i][0]);
      }
    });
    params.delete(SORT);
    if (sortBy) params.set(SORT, sortBy);
    const s = params.toString();
    const url = location.pathname + (s ? "?" + s : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.pushState(null, "", url);
    carryQuery();
  }
  // The language switch leads to the same shortlist in the other language.
  function carryQuery() {
    for (const a of document.querySelectorAll(".lang-switch a[hreflang]")) a.search = location.search;
  }

  const has = (cell, i) => (Array.isArray(cell) ? (i < 0 ? cell.length > 0 : cell.includes(i)) : i < 0 ? cell >= 0 : cell === i);
  const matchesFacet = (item, f) => chosen[f].size === 0 || [...chosen[f]].some((i) => has(item[f], i));

  // Build the facets once: a disclosure per facet holding a fieldset of checkboxes.
  const boxes = facets.map(() => []);
  const summaries = facets.map((facet, f) => {
    if (facet.values.length < 2 && chosen[f].size === 0 && !facet.any) return null;
    const details = document.createElement("details");
    details.className = "filter";
    details.dataset.facet = facet.key;
    const summary = document.createElement("summary");
    summary.className = "filter__summary";
    details.append(summary);
    const fieldset = document.createElement("fieldset");
    fieldset.className = "filter__set";
    const legend = document.createElement("legend");
    legend.className = "vh";
    legend.textContent = label(facet.name);
    fieldset.append(legend);
    const ul = document.createElement("ul");
    ul.className = "filter__list";
    const options = facet.values.map((v, i) => [i, v[0], valueLabel(v)]);
    if (facet.any) options.unshift([-1, ANY, label(facet.any)]);
    for (const [i, key, text] of options) {
      const li = document.createElement("li");
      const lab = document.createElement("label");
      lab.className = "filter__option" + (i < 0 ? " filter__option--any" : "");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = facet.key;
      box.value = key;
      box.dataset.index = String(i);
      const span = document.createElement("span");
      span.textContent = text;
      const count = document.createElement("span");
      count.className = "count";
      lab.append(box, " ", span, " ", count);
      li.append(lab);
      ul.append(li);
      boxes[f].push({ box, count, i });
    }
    fieldset.append(ul);
    details.append(fieldset);
    facetsBox.append(details);
    return summary;
  });

  // The order of the shortlist: the directory's (Vietnamese names; the English names' ranks on
  // English pages), the most employees first, or the oldest first; unknown values last.
  const byName = en ? (a, b) => sort.name_en[a] - sort.name_en[b] : (a, b) => a - b;
  const desc = (keys) => (a, b) => (keys[b] ?? -Infinity) - (keys[a] ?? -Infinity) || byName(a, b);
  const asc = (keys) => (a, b) => (keys[a] ?? Infinity) - (keys[b] ?? Infinity) || byName(a, b);
  const orders = { "": byName, "quy-mo": desc(sort["quy-mo"]), nam: asc(sort.nam) };

  let matches = [];
  let shown = 0;
  let generation = 0;

  function update() {
    const filtered = chosen.some((s) => s.size > 0);
    const active = filtered || sortBy !== "";
    // Counts: for each facet, the items that pass every other facet, per value.
    let n = 0;
    facets.forEach((facet, f) => {
      n += chosen[f].size;
      if (!summaries[f]) return;
      const counts = new Map(boxes[f].map(({ i }) => [i, 0]));
      for (const item of items) {
        if (!facets.every((_, g) => g === f || matchesFacet(item, g))) continue;
        for (const { i } of boxes[f]) if (has(item[f], i)) counts.set(i, counts.get(i) + 1);
      }
      for (const { box, count, i } of boxes[f]) {
        box.checked = chosen[f].has(i);
        box.disabled = counts.get(i) === 0 && !box.checked;
        count.textContent = `(${counts.get(i).toLocaleString(lang)})`;
      }
      const k = chosen[f].size;
      summaries[f].textContent = label(facet.name) + (k ? ` (${k})` : "");
      if (k) summaries[f].parentElement.open = true;
    });
    chosenBadge.textContent = n ? ` (${n})` : "";
    matches = [];
    if (active) {
      items.forEach((item, id) => {
        if (facets.every((_, f) => matchesFacet(item, f))) matches.push(id);
      });
      matches.sort(orders[sortBy]);
    }
    for (const node of staticParts) node.hidden = active;
    list.hidden = !active;
    list.replaceChildren();
    shown = 0;
    generation++;
    exportButton.hidden = !(active && matches.length);
    const total = items.length.toLocaleString(lang);
    if (!active) status("");
    else if (!matches.length) status(t("tNone"));
    else if (!filtered) status(t("tSorted").replace("{total}", total));
    else status(t("tCount").replace("{n}", matches.length.toLocaleString(lang)).replace("{total}", total));
    if (active) showMore();
    else {
      more.hidden = true;
      root.dataset.state = "done";
    }
  }

  // The files of cards, fetched once each: file number → Promise of Map(id → card element).
  const files = new Map();
  const prefix = root.dataset.prefix ?? "";
  function cardFile(k) {
    if (!files.has(k)) {
      const url = `${prefix}${data.cards}${k}.html`;
      const loaded = fetch(url).then(async (r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        // Parsed inert (DOMParser runs no script); the cards are the site's own escaped markup.
        const doc = new DOMParser().parseFromString(await r.text(), "text/html");
        const cards = new Map([...doc.querySelectorAll("li[data-id]")].map((li) => [Number(li.dataset.id), li]));
        return { cards, columns: JSON.parse(doc.querySelector("[data-columns]").dataset.columns) };
      });
      loaded.catch(() => files.delete(k));
      files.set(k, loaded);
    }
    return files.get(k);
  }
  const fileOf = (id) => Math.floor(id / data.per_file);
  async function cardsOf(ids) {
    const loaded = new Map();
    await Promise.all([...new Set(ids.map(fileOf))].map(async (k) => loaded.set(k, await cardFile(k))));
    return { columns: loaded.values().next().value?.columns ?? [], cards: ids.map((id) => loaded.get(fileOf(id)).cards.get(id)) };
  }

  // `data-state` on the section says whether the shown cards are still loading (for tests and
  // styles): "loading", then "done".
  async function showMore() {
    const mine = generation;
    const next = matches.slice(shown, shown + PAGE);
    shown += next.length;
    more.hidden = true;
    root.dataset.state = "loading";
    try {
      const { cards } = await cardsOf(next);
      if (mine !== generation) return;
      list.append(...cards.map((li) => {
        const card = document.importNode(li, true);
        delete card.dataset.row;
        return card;
      }));
      more.hidden = shown >= matches.length;
    } catch (e) {
      if (mine !== generation) return;
      console.warn("filters:", e);
      status(t("tError"));
    }
    root.dataset.state = "done";
  }

  async function exportCsv() {
    exportButton.disabled = true;
    try {
      const [{ csvText }, { columns, cards }] = await Promise.all([import(root.dataset.csv), cardsOf(matches)]);
      const text = csvText(columns, cards.map((li) => JSON.parse(li.dataset.row)));
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      a.download = t("tExportFile");
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) {
      console.warn("filters:", e);
      status(t("tExportError"));
    } finally {
      exportButton.disabled = false;
    }
  }

  form.addEventListener("change", (ev) => {
    const box = ev.target;
    if (box === sortBox) sortBy = sortBox.value;
    else if (box.type === "checkbox") {
      const f = facets.findIndex((facet) => facet.key === box.name);
      const i = Number(box.dataset.index);
      if (box.checked) chosen[f].add(i);
      else chosen[f].delete(i);
    } else return;
    writeAddress();
    update();
  });
  form.addEventListener("reset", (ev) => {
    ev.preventDefault();
    chosen.forEach((s) => s.clear());
    sortBy = "";
    sortBox.value = "";
    writeAddress();
    update();
  });
  form.addEventListener("submit", (ev) => ev.preventDefault());
  more.addEventListener("click", showMore);
  exportButton.addEventListener("click", exportCsv);
  window.addEventListener("popstate", () => {
    readAddress();
    update();
    carryQuery();
  });

  readAddress();
  update();
  carryQuery();
  // Open on wide screens; on a phone the panel opens on demand, so the list comes first.
  if (matchMedia("(min-width: 64em)").matches) panel.open = true;
  root.hidden = false;
}
