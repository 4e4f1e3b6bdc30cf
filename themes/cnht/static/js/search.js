// The search page (/tim-kiem/): live results from the Pagefind index that `cnht build` writes to
// /pagefind/ (src/site/search/), in shards for large directories (data-shards). Pagefind loads
// only the index chunks a query needs. The query and the chosen result type live in the address
// (?q=…&loai=…), so a search can be shared and the page works as a plain GET form before this
// script runs.
//
// Synonyms cost the index nothing: each enterprise holds one hidden token per vocabulary entry it
// names (src/site/search/synonyms.rs), and the page rewrites the reader's words with the map of
// every folded name and synonym (data-synonyms, /tim-kiem/tu-khoa.json), then shows what the words
// as typed and the rewritten ones find: "injection molding", "ep phun" and "Injection moulding"
// all find every injection moulder.

const root = document.querySelector("[data-search]");

if (root) {
  const form = root.querySelector("[data-search-form]");
  const input = form.querySelector("input[name=q]");
  const types = root.querySelector("[data-search-types]");
  const status = root.querySelector("[data-search-status]");
  const list = root.querySelector("[data-search-results]");
  const more = root.querySelector("[data-search-more]");
  const t = (key) => root.dataset[key] ?? "";
  const TYPES = ["doanh-nghiep", "chinh-sach", "thi-truong", "tin-tuc"];
  const typeLabel = (k) => t("tType" + k.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join(""));
  const PAGE = 10;

  const params = new URLSearchParams(location.search);
  let query = (params.get("q") ?? "").trim();
  let type = TYPES.includes(params.get("loai")) ? params.get("loai") : "";
  let results = [];
  let shown = 0;
  let generation = 0;
  let pagefind = null;
  let synonyms = null;

  input.value = query;

  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : ""));

  function setAddress() {
    const p = new URLSearchParams();
    if (query) p.set("q", query);
    if (type) p.set("loai", type);
    const s = p.toString();
    history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
    // The language switch leads to the same search in the other language.
    for (const a of document.querySelectorAll(".lang-switch a[hreflang]")) {
      a.search = s ? "?" + s : "";
    }
  }

  // Vietnamese folded for matching: marks dropped, đ → d, lower case (as src/text.rs `fold`).
  const fold = (w) =>
    w.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();

  // The query with every phrase the synonym map knows replaced by its entry's token (longest
  // phrases first), or null when no phrase is known.
  function rewrite(q) {
    if (!synonyms) return null;
    const words = fold(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const out = [];
    let changed = false;
    for (let i = 0; i < words.length; ) {
      let n = Math.min(synonyms.longest, words.length - i);
      for (; n > 0; n--) {
        const token = synonyms.forms[words.slice(i, i + n).join(" ")];
        if (token) {
          out.push(token);
          changed = true;
          break;
        }
      }
      if (n === 0) {
        out.push(words[i]);
        n = 1;
      }
      i += n;
    }
    return changed ? out.join(" ") : null;
  }

  // How many of the best results are checked for the query as a phrase.
  const PHRASE_WINDOW = 30;

  // The index ranks words, not phrases: for "Đông Anh" a page with "Hà Đông" and "tiếng Anh"
  // scores like one in Đông Anh. Of the best results, those whose text holds the query's words
  // together and in order (folded, so "dong anh" counts too) come first, each group in the
  // index's order. Their data is loaded once and kept for showing them.
  async function phraseFirst(results, q) {
    const words = fold(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (words.length < 2) return results;
    const phrase = words.join(" ");
    const head = results.slice(0, PHRASE_WINDOW).map((r) => {
      const loaded = r.data();
      return { ...r, data: () => loaded };
    });
    const data = await Promise.all(head.map((r) => r.data()));
    const has = data.map((d) => fold(d.content ?? "").split(/[^\p{L}\p{N}]+/u).join(" ").includes(phrase));
    return [...head.filter((_, i) => has[i]), ...head.filter((_, i) => !has[i]), ...results.slice(PHRASE_WINDOW)];
  }

  // What the query and its rewritten form find together: the query's results first (phrase
  // matches ahead), and the count per result type of the two together.
  async function find(q, filters) {
    const found = await findWords(q, filters);
    return found && { results: await phraseFirst(found.results, q), counts: found.counts };
  }

  async function findWords(q, filters) {
    const first = await pagefind.search(q, { filters });
    const alt = rewrite(q);
    if (!first || !alt) {
      return first && { results: first.results, counts: first.totalFilters?.type ?? first.filters?.type ?? {} };
    }
    const second = await pagefind.search(alt, { filters });
    const seen = new Set(first.results.map((r) => r.id));
    const results = [...first.results, ...(second?.results ?? []).filter((r) => !seen.has(r.id))];
    const counts = {};
    for (const k of TYPES) {
      const both = await Promise.all([q, alt].map((s) => pagefind.search(s, { filters: { type: [k] } })));
      counts[k] = new Set(both.flatMap((s) => s?.results ?? []).map((r) => r.id)).size;
    }
    return { results, counts };
  }

  // Pagefind's excerpt is text with <mark> around the matched words and < > escaped: rebuild it
  // as nodes rather than trusting it as HTML. Words matched through their folded copy ("dong"
  // for "Đông", indexed out of sight) are marked here.
  function excerptNodes(excerpt, terms) {
    const out = document.createDocumentFragment();
    const mark = (text) => {
      const m = document.createElement("mark");
      m.append(text);
      out.append(m);
    };
    let marked = false;
    for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
      if (part === "<mark>") marked = true;
      else if (part === "</mark>") marked = false;
      else if (part) {
        const text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
        if (marked) {
          mark(text);
          continue;
        }
        for (const piece of text.split(/([\p{L}\p{N}]+)/u)) {
          if (!piece) continue;
          const f = fold(piece);
          // Whole words, and the last one as a prefix (what Pagefind matches).
          const hit = terms.includes(f) || (terms.length && f.startsWith(terms[terms.length - 1]));
          if (/^[\p{L}\p{N}]/u.test(piece) && hit) mark(piece);
          else out.append(piece);
        }
      }
    }
    return out;
  }

  function card(data) {
    const li = document.createElement("li");
    const kind = data.filters?.type?.[0] ?? "";
    li.className = "card card--search search__result search__result--" + kind;
    const kicker = document.createElement("p");
    kicker.className = "card__kicker search__type";
    kicker.textContent = typeLabel(kind);
    const h = document.createElement("h2");
    h.className = "card__title";
    const a = document.createElement("a");
    a.href = data.url;
    a.textContent = data.meta?.title ?? data.url;
    h.append(a);
    const p = document.createElement("p");
    p.className = "card__summary search__excerpt";
    const terms = fold(query).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
    p.append(excerptNodes(data.excerpt ?? "", terms));
    li.append(kicker, h, p);
    return li;
  }

  function renderTypes(counts) {
    types.querySelectorAll(".search__type-option").forEach((n) => n.remove());
    const total = TYPES.reduce((s, k) => s + (counts[k] ?? 0), 0);
    const options = [["", t("tAll"), total], ...TYPES.map((k) => [k, typeLabel(k), counts[k] ?? 0])];
    for (const [key, label, n] of options) {
      if (key && n === 0 && type !== key) continue;
      const lab = document.createElement("label");
      lab.className = "search__type-option";
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "loai";
      radio.value = key;
      radio.checked = key === type;
      lab.append(radio, ` ${label} `);
      const c = document.createElement("span");
      c.className = "count";
      c.textContent = `(${n})`;
      lab.append(c);
      types.append(lab);
    }
    types.hidden = total === 0;
  }

  async function showMore() {
    const gen = generation;
    const next = results.slice(shown, shown + PAGE);
    const data = await Promise.all(next.map((r) => r.data()));
    if (gen !== generation) return;
    for (const d of data) list.append(card(d));
    shown += next.length;
    more.hidden = shown >= results.length;
  }

  async function run() {
    const gen = ++generation;
    root.dataset.state = "busy";
    setAddress();
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      types.hidden = true;
      more.hidden = true;
      root.dataset.state = "done";
      return;
    }
    status.textContent = t("tLoading");
    try {
      pagefind ??= await load();
      const filters = type ? { type: [type] } : {};
      const search = await find(query, filters);
      if (gen !== generation || !search) return;
      results = search.results;
      shown = 0;
      list.replaceChildren();
      renderTypes(search.counts);
      status.textContent = fill(results.length ? t("tCount") : t("tNone"), {
        n: results.length.toLocaleString(document.documentElement.lang || "vi"),
        q: query,
      });
      await showMore();
    } catch (e) {
      console.warn("search:", e);
      if (gen === generation) status.textContent = t("tError");
    }
    // Lets scripts (and the browser tests) know the results on screen are this query's.
    if (gen === generation) root.dataset.state = "done";
  }

  async function load() {
    const bundle = root.dataset.bundle || "/pagefind/";
    const pf = await import(bundle + "pagefind.js");
    // Tone marks tell Vietnamese words apart ("đồng", "động", "Đông"): a query typed with them
    // ranks the exact spelling well first; one typed without them matches every spelling.
    const options = { excerptLength: 28, ranking: { diacriticSimilarity: 10 } };
    await pf.options(options);
    await pf.init();
    // A large directory's index comes in shards (src/site/search/shards.rs): Pagefind searches
    // them together, ranks their results by one score and adds up their counts. Each shard
    // takes the same options (`options` only sets the first).
    const shards = (root.dataset.shards ?? "").split(" ").filter(Boolean);
    await Promise.all(shards.map((path) => pf.mergeIndex(path, options)));
    if (root.dataset.synonyms) {
      try {
        const r = await fetch(root.dataset.synonyms);
        if (r.ok) synonyms = await r.json();
      } catch (e) {
        console.warn("search synonyms:", e);
      }
    }
    // Loading the filter index makes every search report its counts per result type.
    await pf.filters();
    return pf;
  }

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      query = input.value.trim();
      run();
    }, 250);
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    query = input.value.trim();
    run();
  });
  types.addEventListener("change", (ev) => {
    if (ev.target.name === "loai") {
      type = ev.target.value;
      run();
    }
  });
  more.addEventListener("click", () => showMore());

  // The header's search box on this page searches here too.
  const header = document.querySelector(".site-search");
  if (header) {
    const hq = header.querySelector("input[name=q]");
    hq.value = query;
    header.addEventListener("submit", (ev) => {
      ev.preventDefault();
      query = hq.value.trim();
      input.value = query;
      run();
    });
  }

  if (query) run();
}
