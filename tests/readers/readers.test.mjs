// What readers get from the built website, in Debian's chromium (playwright-core): the search
// finds enterprises without accents and by tax code, the directory filters combine and keep their
// state in the address, the directory fits a 375 px screen, the main pages log no console error
// and have no serious or critical axe violation, and every page of the real site passes the Nu
// HTML Checker (vnu). Two sites are built with the cnht binary: tests/fixtures/basic and content/.
//
// Run through `cargo test --test readers`, or directly (after `npm ci --prefix tests/readers`):
//   CNHT_BIN=target/debug/cnht node --test tests/readers/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { serve } from "./server.mjs";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const bin = resolve(repo, process.env.CNHT_BIN ?? "target/debug/cnht");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const vnuJar = String(createRequire(import.meta.url)("vnu-jar"));

const sites = {};
let browser;
let tmp;

/// Builds the site at `root` (website only) into `out` and serves it; `env` adds to the build's
/// environment.
async function buildAndServe(name, root, out, env = {}) {
  await run(bin, ["build", "--root", root, "--out", out, "--no-handbook"], {
    env: { ...process.env, NO_COLOR: "1", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const server = await serve(out);
  const filters = JSON.parse(readFileSync(join(out, "doanh-nghiep/bo-loc.json"), "utf8"));
  // The open data, in directory order like the filter data: an enterprise's id is its position.
  const records = JSON.parse(readFileSync(join(out, "doanh-nghiep.json"), "utf8"));
  const paths = records.map((r) => new URL(r.url).pathname);
  sites[name] = { root, out, server, url: server.url, filters, records, paths };
}

/// Every enterprise of the fixture at `root` (the first items of the index, so the first shard)
/// mentions technical ceramics once; a news item (among the last items, so a later shard) is
/// about them. The textile enterprise is about polyester yarn, which the news item mentions once.
function addRankingWords(root) {
  const dir = join(root, "content/enterprises");
  for (const name of readdirSync(dir)) {
    const file = statSync(join(dir, name)).isDirectory() ? join(dir, name, "index.md") : join(dir, name);
    let text = readFileSync(file, "utf8").replace(
      /^(\+\+\+\n[\s\S]*?\n\+\+\+\n)/,
      "$1Doanh nghiệp có nhận gia công gốm kỹ thuật theo đơn đặt hàng.\n\n",
    );
    if (name === "det-ung-hoa.md") {
      text = text.replace(/\n\+\+\+\n/, "\n+++\nSợi polyester tái chế: sợi polyester cho vải kỹ thuật, sợi polyester màu.\n\n");
    }
    writeFileSync(file, text);
  }
  writeFileSync(
    join(root, "content/news/gom-ky-thuat.md"),
    [
      "+++",
      'title = "Gốm kỹ thuật cho linh kiện điện tử"',
      "date = 2020-11-02",
      'summary = "Gốm kỹ thuật: nhu cầu của các nhà lắp ráp điện tử."',
      "+++",
      "Gốm kỹ thuật là vật liệu của nhiều linh kiện điện tử. Các nhà lắp ráp cần gốm kỹ thuật",
      "cách điện, chịu nhiệt; doanh nghiệp Hà Nội làm được gốm kỹ thuật sẽ vào chuỗi cung ứng.",
      "Ngành dệt cũng được nhắc đến trong hội thảo, với sợi polyester, vải kỹ thuật, sợi bông, chỉ",
      "may, nhuộm, hoàn tất, may mặc xuất khẩu và nhiều chủ đề khác của công nghiệp hỗ trợ.",
      "",
    ].join("\n"),
  );
}

before(async () => {
  assert.ok(existsSync(bin), `no cnht binary at ${bin} (set CNHT_BIN)`);
  tmp = mkdtempSync(join(tmpdir(), "cnht-readers-"));
  const fixture = join(tmp, "basic");
  cpSync(join(repo, "tests/fixtures/basic/content"), join(fixture, "content"), { recursive: true });
  for (const shared of ["themes", "handbook"]) {
    if (existsSync(join(repo, shared))) {
      cpSync(join(repo, shared), join(fixture, shared), { recursive: true });
    }
  }
  await Promise.all([
    buildAndServe("basic", fixture, join(tmp, "basic-public")),
    buildAndServe("real", repo, join(tmp, "real-public")),
  ]);
  // The same fixture with its search index cut into shards of 3 items (3 shards a language), as
  // a national directory's is: the page merges them (src/site/search/shards.rs). Built after the
  // others: it shares the fixture's .cache/.
  await buildAndServe("sharded", fixture, join(tmp, "sharded-public"), { CNHT_SEARCH_SHARD: "3" });
  // The fixture with words that rank a record of a later shard above those of the first, and
  // one the other way round, built whole and in shards of 3 items.
  const ranked = join(tmp, "ranked");
  cpSync(fixture, ranked, { recursive: true, filter: (src) => !src.endsWith("/.cache") });
  addRankingWords(ranked);
  await buildAndServe("ranked", ranked, join(tmp, "ranked-public"));
  await buildAndServe("rankedSharded", ranked, join(tmp, "ranked-sharded-public"), { CNHT_SEARCH_SHARD: "3" });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

after(async () => {
  await browser?.close();
  for (const s of Object.values(sites)) await s.server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/// A new page that records console errors, uncaught exceptions and failed requests.
async function open(viewport = { width: 1280, height: 900 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => page.problems.push(`exception: ${e.message}`));
  // A request the browser itself aborts because the page navigated away (net::ERR_ABORTED, e.g. the
  // favicon during a language switch) is not a failure of the site.
  page.on("requestfailed", (r) => {
    if (!(r.failure()?.errorText ?? "").includes("ERR_ABORTED")) page.problems.push(`request failed: ${r.url()}`);
  });
  page.finish = () => context.close();
  return page;
}

/// Searches `q` on the search page (optionally only one result type) and returns every result's
/// address, in order, after loading all of them.
async function search(site, q, type, prefix = "") {
  const page = await open();
  try {
    const params = new URLSearchParams({ q });
    if (type) params.set("loai", type);
    await page.goto(`${site.url}${prefix}/tim-kiem/?${params}`);
    await page.waitForSelector("[data-search][data-state=done]");
    const more = page.locator("[data-search-more]");
    while (await more.isVisible()) {
      const before = await page.locator("[data-search-results] > li").count();
      await more.click();
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-search-results] > li").length > n,
        before,
      );
    }
    const results = await page.$$eval("[data-search-results] > li", (lis) =>
      lis.map((li) => ({
        url: li.querySelector("a").getAttribute("href"),
        title: li.querySelector("a").textContent,
        type: li.querySelector(".search__type").textContent,
        excerpt: li.querySelector(".search__excerpt").textContent,
      })),
    );
    assert.deepEqual(page.problems, [], `problems on the search page for "${q}"`);
    return results;
  } finally {
    await page.finish();
  }
}

/// The page of the enterprise at position `id` of the directory.
const pageOf = (site, id) => site.paths[id];

/// The position of the facet `key` in the filter data, and its values.
function facet(site, key) {
  const f = site.filters.facets.findIndex((x) => x.key === key);
  assert.ok(f >= 0, `facet ${key}`);
  return { f, values: site.filters.facets[f].values };
}

/// The ids of the enterprises whose cell in facet `key` holds the value `value` (a key).
function idsWith(site, key, value) {
  const { f, values } = facet(site, key);
  const i = values.findIndex((v) => v[0] === value);
  return site.filters.items.flatMap((it, id) => ((Array.isArray(it[f]) ? it[f].includes(i) : it[f] === i) ? [id] : []));
}

/// Enterprises of the filter data in the district `slug`.
function inDistrict(site, slug) {
  return idsWith(site, "quan", slug).map((id) => pageOf(site, id));
}

/// The tax code of the enterprise page `url` of `site` (as shown on the page).
async function taxCodeOf(site, url) {
  const html = await (await fetch(site.url + url)).text();
  const m = html.match(/\b(\d{10}(?:-\d{3})?)\b/);
  assert.ok(m, `a tax code on ${url}`);
  return m[1];
}

for (const name of ["basic", "real", "sharded"]) {
  test(`${name}: "cong nghiep" finds pages written "công nghiệp", enterprises among them`, async () => {
    const results = await search(sites[name], "cong nghiep");
    assert.ok(results.length > 0, "some results");
    assert.ok(
      results.some((r) => /công nghiệp/i.test(r.title + " " + r.excerpt)),
      "a result shows the accented words",
    );
    const enterprises = await search(sites[name], "cong nghiep", "doanh-nghiep");
    assert.ok(enterprises.length > 0, "enterprises match");
    assert.ok(enterprises.every((r) => r.url.startsWith("/doanh-nghiep/")));
  });

  test(`${name}: "dong anh" and "dong" find the enterprises of Đông Anh`, async () => {
    const site = sites[name];
    const expected = inDistrict(site, "dong-anh");
    assert.ok(expected.length > 0, "the site has enterprises in Đông Anh");
    const found = (await search(site, "dong anh", "doanh-nghiep")).map((r) => r.url);
    for (const url of expected) assert.ok(found.includes(url), `"dong anh" finds ${url}`);
    const dong = (await search(site, "dong", "doanh-nghiep")).map((r) => r.url);
    for (const url of expected) assert.ok(dong.includes(url), `"dong" finds ${url}`);
    // Accented, the same query ranks the Đông Anh enterprises first.
    const exact = (await search(site, "Đông Anh", "doanh-nghiep")).map((r) => r.url);
    assert.deepEqual(
      new Set(exact.slice(0, expected.length)),
      new Set(expected),
      "an exact Vietnamese query ranks exact matches first",
    );
  });

  test(`${name}: a tax code finds its enterprise first`, async () => {
    const site = sites[name];
    const url = pageOf(site, 0);
    const code = await taxCodeOf(site, url);
    const results = await search(site, code);
    assert.equal(results[0]?.url, url, `${code} finds ${url} first`);
  });
}

test("real: a query typed with its tone marks ranks that exact spelling first", async () => {
  // "đồng" (dong, the currency), "động" (to move) and "Đông" (east) fold to the same letters.
  for (const q of ["đồng", "động"]) {
    const results = await search(sites.real, q);
    assert.ok(results.length > 3, `"${q}" matches every spelling`);
    const first = results[0].title + " " + results[0].excerpt;
    assert.ok(first.toLowerCase().includes(q), `the first result for "${q}" has "${q}": ${first}`);
  }
});

test("sharded: every shard is searched, and results and counts are those of one index", async () => {
  const html = await (await fetch(sites.sharded.url + "/tim-kiem/")).text();
  assert.match(html, /data-shards="\/pagefind\/1\/ \/pagefind\/2\/"/);
  for (const q of ["cong nghiep", "dong anh", "stamping", "111/2015"]) {
    const one = await search(sites.basic, q);
    const sharded = await search(sites.sharded, q);
    assert.deepEqual(
      new Set(sharded.map((r) => r.url)),
      new Set(one.map((r) => r.url)),
      `"${q}" finds the same pages in shards`,
    );
  }
});

/// The addresses of the results for `q` on the search page of `site` from its first bundle
/// alone (`/pagefind/`, no shard merged): what the first shard holds.
async function firstShardResults(site, q) {
  const page = await open();
  try {
    await page.goto(`${site.url}/tim-kiem/`);
    return await page.evaluate(async (q) => {
      const pf = await import("/pagefind/pagefind.js");
      await pf.init();
      const search = await pf.search(q);
      return Promise.all(search.results.map(async (r) => (await r.data()).url));
    }, q);
  } finally {
    await page.finish();
  }
}

test("sharded: the best result is the one the whole index ranks first, from whichever shard", async (t) => {
  const [whole, sharded] = [sites.ranked, sites.rankedSharded];
  const html = await (await fetch(sharded.url + "/tim-kiem/")).text();
  const shards = html.match(/data-shards="([^"]*)"/)?.[1].split(" ").filter(Boolean) ?? [];
  assert.ok(shards.length >= 2, `at least 3 shards: the first and ${shards}`);
  assert.doesNotMatch(
    await (await fetch(whole.url + "/tim-kiem/")).text(),
    /data-shards="[^"]+"/,
    "the other build is one index",
  );
  for (const [q, best] of [
    ["gốm kỹ thuật", "/tin-tuc/gom-ky-thuat/"],
    ["gom ky thuat", "/tin-tuc/gom-ky-thuat/"],
    ["sợi polyester", "/doanh-nghiep/det-ung-hoa/"],
  ]) {
    const one = (await search(whole, q)).map((r) => r.url);
    const merged = (await search(sharded, q)).map((r) => r.url);
    assert.equal(one[0], best, `the whole index ranks ${best} first for "${q}": ${one}`);
    assert.equal(merged[0], best, `the shards rank ${best} first for "${q}" too: ${merged}`);
    assert.deepEqual(new Set(merged), new Set(one), `"${q}" finds the same pages in shards`);
    t.diagnostic(`"${q}": whole ${one.join(" ")}; shards ${merged.join(" ")}`);
  }
  // Where the records are: the enterprises in the first shard, the news item in a later one. A
  // later shard's record ranks above the first shard's that match worse, and the other way round.
  const first = await firstShardResults(sharded, "gốm kỹ thuật");
  t.diagnostic(`${shards.length + 1} shards; "gốm kỹ thuật" in the first alone: ${first.join(" ")}`);
  assert.ok(!first.includes("/tin-tuc/gom-ky-thuat/"), `the news item is in a later shard: ${first}`);
  const enterprises = first.filter((u) => u.startsWith("/doanh-nghiep/"));
  assert.ok(enterprises.length >= 2, `enterprises of the first shard match: ${first}`);
  const merged = (await search(sharded, "gốm kỹ thuật")).map((r) => r.url);
  for (const url of enterprises) {
    assert.ok(merged.indexOf(url) > 0, `${url} (first shard) ranks below the news item: ${merged}`);
  }
  const yarn = await firstShardResults(sharded, "sợi polyester");
  assert.ok(yarn.includes("/doanh-nghiep/det-ung-hoa/"), `the textile enterprise is in the first shard: ${yarn}`);
  assert.ok(!yarn.includes("/tin-tuc/gom-ky-thuat/"), `the news item is not: ${yarn}`);
  const yarnMerged = (await search(sharded, "sợi polyester")).map((r) => r.url);
  assert.ok(yarnMerged.indexOf("/tin-tuc/gom-ky-thuat/") > 0, `the news item matches, below: ${yarnMerged}`);
});

for (const name of ["basic", "sharded"]) test(`English search (${name}): /en/tim-kiem/ finds enterprises by English product names, in English`, async () => {
  const site = sites[name];
  const results = await search(site, "stamping dies", "", "/en");
  assert.equal(results[0]?.url, "/en/doanh-nghiep/an-phat/");
  assert.equal(results[0]?.title, "An Phat Co., Ltd.");
  assert.equal(results[0]?.type, "Enterprise");
  const dong = (await search(site, "dong anh", "doanh-nghiep", "/en")).map((r) => r.url);
  assert.ok(dong.includes("/en/doanh-nghiep/an-phat/"), "Vietnamese place names fold on English pages too");
});

/// English pages of the enterprises of `site` whose filter data names one of `keys` in the facet
/// `key` (`cong-nghe` processes, `san-pham` product groups, `thi-truong` export markets).
function naming(site, key, keys) {
  const ids = new Set(keys.flatMap((k) => idsWith(site, key, k)));
  return [...ids].sort((a, b) => a - b).map((id) => `/en${pageOf(site, id)}`);
}

// A buyer's searches on the English site: each finds every enterprise whose record names the
// entry (or a narrower one: turning and milling shops are CNC machining), whatever name, spelling
// or synonym the buyer types (the synonyms reach the index as one token per entry).
const BUYER_SEARCHES = [
  ["stamping", "cong-nghe", ["stamping"]],
  ["press work", "cong-nghe", ["stamping"]],
  ["dap kim loai", "cong-nghe", ["stamping"]],
  ["CNC machining", "cong-nghe", ["cnc-machining", "turning", "milling", "grinding", "gear-cutting", "edm"]],
  ["gia cong CNC", "cong-nghe", ["cnc-machining", "turning", "milling", "grinding", "gear-cutting", "edm"]],
  ["injection molding", "cong-nghe", ["injection-moulding"]],
  ["injection moulding", "cong-nghe", ["injection-moulding"]],
  ["ep phun", "cong-nghe", ["injection-moulding"]],
  ["automotive", "san-pham", ["o-to-xe-may"]],
  ["auto parts", "san-pham", ["o-to-xe-may"]],
  ["Japan", "thi-truong", ["JP"]],
  ["Korea", "thi-truong", ["KR"]],
];

for (const [q, facet, keys] of BUYER_SEARCHES) {
  test(`buyer search (English site): "${q}" finds every enterprise with ${keys[0]}`, async (t) => {
    const site = sites.real;
    const expected = naming(site, facet, keys);
    assert.ok(expected.length > 1, `the bundled content has several enterprises with ${keys}`);
    const found = (await search(site, q, "doanh-nghiep", "/en")).map((r) => r.url);
    const missed = expected.filter((url) => !found.includes(url));
    assert.deepEqual(missed, [], `"${q}" misses ${missed.length} of ${expected.length}`);
    t.diagnostic(`"${q}": ${found.length} enterprises found, all ${expected.length} with ${keys.join("/")} among them`);
  });
}

test("buyer search: certifications by any spelling, and the synonyms do not enter the index", async () => {
  const site = sites.basic;
  for (const q of ["IATF 16949", "iatf", "ts 16949"]) {
    const found = (await search(site, q, "doanh-nghiep", "/en")).map((r) => r.url);
    assert.ok(found.includes("/en/doanh-nghiep/an-phat/"), `"${q}" finds Ăn Phát`);
  }
  // The map the page expands words with is small and generated from the data files.
  const map = await (await fetch(site.url + "/tim-kiem/tu-khoa.json")).json();
  assert.equal(map.forms["injection molding"], map.forms["ep phun"]);
  assert.equal(map.forms["ep phun"], "qpinjectionmoulding");
});

test("the language switch keeps the page, the search and the filters", async () => {
  const site = sites.basic;
  const page = await open();
  try {
    await page.goto(`${site.url}/doanh-nghiep/an-phat/`);
    await page.click('.lang-switch a[hreflang="en"]');
    await page.waitForURL(`${site.url}/en/doanh-nghiep/an-phat/`);
    await page.click('.lang-switch a[hreflang="vi"]');
    await page.waitForURL(`${site.url}/doanh-nghiep/an-phat/`);

    await page.goto(`${site.url}/tim-kiem/?q=dong+anh`);
    await page.waitForSelector("[data-search][data-state=done]");
    await page.click('.lang-switch a[hreflang="en"]');
    await page.waitForURL(`${site.url}/en/tim-kiem/?q=dong+anh`);
    await page.waitForSelector("[data-search][data-state=done]");
    assert.ok((await page.locator("[data-search-results] > li").count()) > 0);

    await page.goto(`${site.url}/doanh-nghiep/?linh-vuc=linh-kien-phu-tung`);
    await page.waitForSelector("[data-filters]:not([hidden])");
    await page.click('.lang-switch a[hreflang="en"]');
    await page.waitForURL(`${site.url}/en/doanh-nghiep/?linh-vuc=linh-kien-phu-tung`);
    await page.waitForSelector("[data-filters]:not([hidden])");
    await page.waitForSelector("[data-filters-results] > li");
    assert.ok(await page.isChecked('input[name="linh-vuc"][value="linh-kien-phu-tung"]'));
    const label = await page.textContent('input[value="linh-kien-phu-tung"] + span');
    assert.equal(label, "Components and spare parts", "English facet labels");
    const links = await page.$$eval("[data-filters-results] a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(links.length > 0 && links.every((h) => h.startsWith("/en/doanh-nghiep/")), "English pages");
    assert.deepEqual(page.problems, []);
  } finally {
    await page.finish();
  }
});

test("the search page works as a plain form and from the header box", async () => {
  const site = sites.basic;
  const page = await open();
  try {
    await page.goto(`${site.url}/`);
    await page.fill("#site-search-q", "dong anh");
    await page.press("#site-search-q", "Enter");
    await page.waitForURL(/\/tim-kiem\/\?q=dong\+anh/);
    await page.waitForSelector("[data-search][data-state=done]");
    assert.ok((await page.locator("[data-search-results] > li").count()) > 0);
    assert.equal(await page.inputValue("#search-q"), "dong anh");
    assert.deepEqual(page.problems, []);
  } finally {
    await page.finish();
  }
});

/// Opens /doanh-nghiep/ (plus `query`, under `prefix`) and waits for the filters and, when a
/// shortlist is shown, for its cards.
async function directory(site, query = "", viewport, prefix = "") {
  const page = await open(viewport);
  await page.goto(`${site.url}${prefix}/doanh-nghiep/${query}`);
  await page.waitForSelector("[data-filters]:not([hidden])");
  await cardsShown(page);
  return page;
}

/// Waits until the shortlist (when there is one) has its cards.
async function cardsShown(page) {
  await page.waitForSelector("[data-filters][data-state=done]", { state: "attached" });
}

const shownLinks = (page) =>
  page.$$eval("[data-filters-results] > li .card__title a", (as) => as.map((a) => a.getAttribute("href")));

async function openPanel(page) {
  const panel = page.locator("[data-filters-panel]");
  if (!(await panel.evaluate((d) => d.open))) await panel.locator("> summary").click();
}

async function check(page, facetKey, key) {
  await openPanel(page);
  const details = page.locator(`details[data-facet="${facetKey}"]`);
  if (!(await details.evaluate((d) => d.open))) await details.locator("> summary").click();
  await page.check(`details[data-facet="${facetKey}"] input[value="${key}"]`);
  await cardsShown(page);
}

test("directory filters: two facets narrow the list, live in the address and reload the same", async () => {
  const site = sites.real;
  const { items } = site.filters;
  const sectors = facet(site, "linh-vuc");
  const districts = facet(site, "quan");
  // The largest sector, then the district that narrows it most while keeping some.
  const sectorIx = sectors.values
    .map((_, i) => i)
    .sort((a, b) => items.filter((it) => it[sectors.f] === b).length - items.filter((it) => it[sectors.f] === a).length)[0];
  const sector = sectors.values[sectorIx][0];
  const ofSector = items.flatMap((it, id) => (it[sectors.f] === sectorIx ? [id] : []));
  const districtIx = [...new Set(ofSector.map((id) => items[id][districts.f]))].find(
    (d) => ofSector.filter((id) => items[id][districts.f] === d).length < ofSector.length,
  );
  assert.notEqual(districtIx, undefined, "a district that narrows the largest sector");
  const district = districts.values[districtIx][0];
  const both = ofSector.filter((id) => items[id][districts.f] === districtIx).map((id) => pageOf(site, id));

  const page = await directory(site);
  try {
    assert.ok(await page.locator(".enterprise-list:not([data-filters-results])").isVisible());
    await check(page, "linh-vuc", sector);
    await page.waitForURL(new RegExp(`linh-vuc=${sector}`));
    assert.equal((await shownLinks(page)).length, Math.min(ofSector.length, 24));
    assert.ok(await page.locator(".enterprise-list:not([data-filters-results])").isHidden());
    await check(page, "quan", district);
    await page.waitForURL((u) => u.search.includes(`linh-vuc=${sector}`) && u.search.includes(`quan=${district}`));
    const urls = await shownLinks(page);
    assert.deepEqual(new Set(urls), new Set(both));
    const status = await page.textContent("[data-filters-status]");
    assert.match(status, new RegExp(`\\b${both.length}\\b`));

    // The counts follow: the chosen district's count is the number shown.
    const count = await page.textContent(`details[data-facet="quan"] input[value="${district}"] ~ .count`);
    assert.equal(count, `(${both.length})`);

    // Reloading the address gives the same list.
    await page.reload();
    await page.waitForSelector("[data-filters]:not([hidden])");
    await cardsShown(page);
    assert.ok(await page.isChecked(`input[name="linh-vuc"][value="${sector}"]`));
    assert.ok(await page.isChecked(`input[name="quan"][value="${district}"]`));
    assert.deepEqual(await shownLinks(page), urls);

    // Clearing brings the static listing back and empties the address.
    await page.click("[data-filters-clear]");
    await page.waitForURL((u) => u.search === "");
    assert.ok(await page.locator(".enterprise-list:not([data-filters-results])").isVisible());
    assert.deepEqual(page.problems, []);
  } finally {
    await page.finish();
  }
});

test("directory filters: values of one facet widen (OR), a shared address opens filtered", async () => {
  const site = sites.basic;
  const { values } = facet(site, "quan");
  assert.equal(values.length, 3);
  const keys = values.map((v) => v[0]);
  const page = await directory(site, `?quan=${keys[0]}&quan=${keys[1]}`);
  try {
    const expected = [...idsWith(site, "quan", keys[0]), ...idsWith(site, "quan", keys[1])].map((id) => pageOf(site, id));
    assert.deepEqual(new Set(await shownLinks(page)), new Set(expected));
    // The hostile name is shown as text.
    assert.equal(await page.locator("[data-filters-results] script").count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.finish();
  }
});

/// The cards of the static listing pages of `site` (under `prefix`): page address → the card's
/// text, white space folded.
async function staticCards(site, prefix = "") {
  const cards = new Map();
  const page = await open();
  try {
    let url = `${site.url}${prefix}/doanh-nghiep/`;
    while (url) {
      await page.goto(url);
      for (const [href, text] of await page.$$eval(".enterprise-list:not([data-filters-results]) > li", (lis) =>
        lis.map((li) => [li.querySelector(".card__title a").getAttribute("href"), li.textContent.replace(/\s+/g, " ").trim()]),
      )) cards.set(href, text);
      const next = await page.locator('.pager a[rel="next"]').getAttribute("href").catch(() => null);
      url = next ? site.url + next : null;
    }
  } finally {
    await page.finish();
  }
  return cards;
}

test("shortlists: filtered cards keep every field of the listing's cards, in both languages", async () => {
  const site = sites.real;
  for (const prefix of ["", "/en"]) {
    const expected = await staticCards(site, prefix);
    const { values } = facet(site, "chung-nhan");
    const page = await directory(site, `?chung-nhan=${values[0][0]}`, undefined, prefix);
    try {
      const shown = await page.$$eval("[data-filters-results] > li", (lis) =>
        lis.map((li) => [li.querySelector(".card__title a").getAttribute("href"), li.textContent.replace(/\s+/g, " ").trim()]),
      );
      assert.ok(shown.length > 0);
      for (const [href, text] of shown) assert.equal(text, expected.get(href), `${prefix} ${href}`);
      // Products, tax code and certificates are there, as on the listing.
      const first = page.locator("[data-filters-results] > li").first();
      assert.ok((await first.locator(".card__meta dt").count()) >= 4, "sector, district, products, tax code");
      assert.ok((await first.locator(".tags .tag").count()) >= 1, "certificates");
      assert.equal(await first.getAttribute("data-row"), null, "the CSV row stays out of the page");
      assert.deepEqual(page.problems, []);
    } finally {
      await page.finish();
    }
  }
});

test("shortlists: the heading's count is the shortlist's, 'any industrial park' keeps those in one", async () => {
  const site = sites.real;
  const parks = facet(site, "kcn");
  const inAny = site.filters.items.filter((it) => it[parks.f] >= 0).length;
  assert.ok(inAny > 0 && inAny < site.filters.n, "some enterprises are in a park, some not");
  const page = await directory(site, "", undefined, "/en");
  try {
    assert.match(await page.textContent(".page-header__count"), /Page 1 \/ \d/);
    await check(page, "kcn", "bat-ky");
    await page.waitForURL(/kcn=bat-ky/);
    assert.equal(await page.textContent('details[data-facet="kcn"] input[value="bat-ky"] ~ .count'), `(${inAny})`);
    const heading = (await page.locator(".page-header__count").innerText()).trim();
    assert.equal(heading, `${inAny} of ${site.filters.n} enterprises match the filters`);
    assert.ok(await page.locator("[data-filters-static]").isHidden());
    // Every shown enterprise has a park.
    while (await page.locator("[data-filters-more]").isVisible()) {
      const before = (await shownLinks(page)).length;
      await page.click("[data-filters-more]");
      await cardsShown(page);
      assert.ok((await shownLinks(page)).length > before);
    }
    const shown = await shownLinks(page);
    assert.equal(shown.length, inAny);
    const withPark = new Set(site.filters.items.flatMap((it, id) => (it[parks.f] >= 0 ? [`/en${pageOf(site, id)}`] : [])));
    for (const href of shown) assert.ok(withPark.has(href), href);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.finish();
  }
});

test("shortlists: sorted by name, size and founding year", async () => {
  const site = sites.real;
  const idOf = new Map(site.paths.map((p, id) => [p, id]));
  const idOfEn = new Map(site.paths.map((p, id) => [`/en${p}`, id]));
  const { sort } = site.filters;
  const sector = facet(site, "linh-vuc").values[0][0];
  for (const [prefix, ids] of [["", idOf], ["/en", idOfEn]]) {
    for (const [key, ok] of [
      ["", (a, b) => (prefix ? sort.name_en[a] < sort.name_en[b] : a < b)],
      ["quy-mo", (a, b) => (sort["quy-mo"][a] ?? -1) >= (sort["quy-mo"][b] ?? -1)],
      ["nam", (a, b) => (sort.nam[a] ?? 1e9) <= (sort.nam[b] ?? 1e9)],
    ]) {
      const page = await directory(site, `?linh-vuc=${sector}${key ? `&sap-xep=${key}` : ""}`, undefined, prefix);
      try {
        assert.equal(await page.inputValue("[data-filters-sort]"), key);
        const shown = (await shownLinks(page)).map((h) => ids.get(h));
        assert.ok(shown.length > 2 && shown.every((id) => id !== undefined), `${prefix} ${key}`);
        for (let i = 1; i < shown.length; i++) {
          assert.ok(ok(shown[i - 1], shown[i]), `${prefix} sorted by "${key}" at ${i}: ${shown[i - 1]}, ${shown[i]}`);
        }
        if (key === "quy-mo") assert.ok(sort["quy-mo"][shown[0]] > sort["quy-mo"][shown.at(-1)] || shown.length < 2);
        assert.deepEqual(page.problems, []);
      } finally {
        await page.finish();
      }
    }
  }
  // Choosing a sort in the form re-orders the whole directory and puts it in the address.
  const page = await directory(site);
  try {
    await openPanel(page);
    await page.selectOption("[data-filters-sort]", "nam");
    await page.waitForURL(/sap-xep=nam/);
    await cardsShown(page);
    const first = idOf.get((await shownLinks(page))[0]);
    const oldest = Math.min(...sort.nam.filter((y) => y !== null));
    assert.equal(sort.nam[first], oldest);
  } finally {
    await page.finish();
  }
});

/// A CSV text as rows of cells (RFC 4180: quoted fields, doubled quotes, CRLF).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  assert.equal(cell + row.join(""), "", "the file ends with CRLF");
  return rows;
}

test("shortlists: the shortlist downloads as CSV in the page's language, spreadsheet-safe", async () => {
  const { spreadsheetText, spreadsheetList } = await import("../../themes/cnht/static/js/csv.js");
  const site = sites.basic;
  const key = facet(site, "linh-vuc").values.find((v) => v[0] === "linh-kien-phu-tung")[0];
  const ids = idsWith(site, "linh-vuc", key);
  for (const [prefix, column] of [["", "Linh kiện, phụ tùng"], ["/en", "Components and spare parts"]]) {
    const page = await directory(site, `?linh-vuc=${key}`, undefined, prefix);
    try {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-filters-export]")]);
      assert.equal(download.suggestedFilename(), prefix ? "enterprise-shortlist.csv" : "danh-sach-doanh-nghiep.csv");
      const text = readFileSync(await download.path(), "utf8");
      assert.ok(text.startsWith("\uFEFF"), "a byte-order mark for Excel");
      const rows = parseCsv(text.slice(1));
      const header = rows[0];
      assert.deepEqual(header.slice(0, 3), ["name", "name_en", "tax_code"]);
      assert.equal(rows.length - 1, ids.length, "one row per enterprise of the shortlist");
      const col = (name) => header.indexOf(name);
      for (const [r, id] of ids.entries()) {
        const row = rows[r + 1];
        const record = site.records[id];
        assert.equal(row.length, header.length);
        assert.equal(row[col("name")], spreadsheetText(record.name));
        assert.equal(row[col("tax_code")], record.tax_code);
        assert.equal(row[col("sector")], column, "the sector's name in the page's language");
        assert.equal(row[col("url")], `${new URL(record.url).origin}${prefix}${site.paths[id]}`);
        if (!prefix) assert.equal(row[col("products")], spreadsheetList(record.products));
      }
      // The hostile record: quotes, markup and formulas stay text.
      const hostile = rows.find((r) => r[col("name")].includes("<script>"));
      assert.ok(hostile, "the hostile enterprise is in the shortlist");
      assert.equal(hostile[col("address")], '"Quoted" <b>address</b>');
      assert.ok(hostile[col("products")].includes(`'=HYPERLINK("http://x","Bấm")`), hostile[col("products")]);
      assert.ok(hostile[col("products")].endsWith("; '-2+3"), hostile[col("products")]);
      assert.ok(rows.flat().every((c) => !/^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(c)), "no cell starts a formula");
      assert.deepEqual(page.problems, []);
    } finally {
      await page.finish();
    }
  }
});

test("the spreadsheet rule is the same in the browser's CSV and in the open data", async () => {
  const { spreadsheetText, spreadsheetList, csvText } = await import("../../themes/cnht/static/js/csv.js");
  const cases = JSON.parse(readFileSync(join(repo, "tests/fixtures/spreadsheet-cells.json"), "utf8"));
  assert.ok(cases.text.length > 20);
  for (const [cell, want] of cases.text) assert.equal(spreadsheetText(cell), want, JSON.stringify(cell));
  for (const [items, want] of cases.list) assert.equal(spreadsheetList(items), want);
  // The whole file: header, numbers as numbers, lists, quoting, CRLF.
  assert.equal(
    csvText(["name", "employees", "products"], [["=1", -5, ["a,b", "@x"]], ["Ăn \"Phát\"", null, []]]),
    '\uFEFFname,employees,products\r\n\'=1,-5,"a,b; \'@x"\r\n"Ăn ""Phát""",,\r\n',
  );
  // The open data file itself follows the same rule for the hostile record.
  const csv = readFileSync(join(sites.basic.out, "doanh-nghiep.csv"), "utf8");
  assert.ok(csv.includes(`'=HYPERLINK(""http://x"",""Bấm"")`), "open data escapes the formula too");
});

const PHONE = { width: 390, height: 844 };

/// The header's height and the first enterprise card's top on /en/doanh-nghiep/ at 390 px.
async function phoneLayout(javaScriptEnabled) {
  const page = await open(PHONE, { javaScriptEnabled });
  try {
    await page.goto(`${sites.real.url}/en/doanh-nghiep/`);
    if (javaScriptEnabled) await page.waitForSelector("[data-filters]:not([hidden])");
    return await page.evaluate(() => ({
      header: document.querySelector(".site-header").getBoundingClientRect().height,
      card: document.querySelector(".card--enterprise").getBoundingClientRect().top,
      scroll: document.documentElement.scrollWidth,
    }));
  } finally {
    await page.finish();
  }
}

test("on a 390 px phone the first enterprise shows on the first screen, with and without JavaScript", async () => {
  for (const js of [true, false]) {
    const { header, card, scroll } = await phoneLayout(js);
    console.log(`390 px, JavaScript ${js ? "on" : "off"}: header ${header.toFixed(0)} px, first card at ${card.toFixed(0)} px`);
    assert.ok(header <= 100, `a compact header (${header} px)`);
    assert.ok(card < PHONE.height - 80, `the first card starts on the first screen (${card} px)`);
    assert.ok(scroll <= PHONE.width, `no horizontal scrolling (${scroll} px)`);
  }
});

test("the phone menu opens without JavaScript, and the wide header shows it all", async () => {
  const page = await open(PHONE, { javaScriptEnabled: false });
  try {
    await page.goto(`${sites.real.url}/en/`);
    const nav = page.locator('.site-nav a[href="/en/chinh-sach/"]');
    assert.ok(await nav.isHidden(), "the menu is folded");
    assert.ok(await page.locator("#site-search-q").isHidden());
    assert.ok(await page.locator('.lang-switch a[hreflang="vi"]').isVisible(), "the language switch stays");
    const toggle = page.locator(".site-menu__toggle");
    assert.equal((await toggle.innerText()).trim().replace(/^\S+\s/, ""), "Menu");
    await toggle.click();
    assert.ok(await nav.isVisible(), "the menu opens");
    assert.ok(await page.locator("#site-search-q").isVisible(), "with the search box");
    await nav.click();
    await page.waitForURL(/\/en\/chinh-sach\/$/);
    assert.ok(await page.locator(".site-nav").isHidden(), "closed again on the next page");
    // Keyboard: the control is reached and opened with the keyboard.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.focus(".site-menu__toggle");
    await page.keyboard.press("Enter");
    assert.ok(await page.locator(".site-nav").isVisible());
  } finally {
    await page.finish();
  }
  const wide = await open({ width: 1280, height: 900 });
  try {
    await wide.goto(`${sites.real.url}/en/`);
    assert.ok(await wide.locator(".site-menu__toggle").isHidden(), "no menu control on a wide screen");
    assert.ok(await wide.locator('.site-nav a[href="/en/chinh-sach/"]').isVisible());
    assert.ok(await wide.locator("#site-search-q").isVisible());
    const header = await wide.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().height);
    assert.ok(header < 180, `header ${header} px`);
  } finally {
    await wide.finish();
  }
});

test("the directory fits a 375 px wide screen, with the filters open", async () => {
  const page = await directory(sites.real, "", { width: 375, height: 812 });
  try {
    await openPanel(page);
    for (const summary of await page.locator("details.filter > summary").all()) await summary.click();
    const first = await page.locator('details[data-facet="linh-vuc"] input').first().getAttribute("value");
    await page.check(`input[name="linh-vuc"][value="${first}"]`);
    await cardsShown(page);
    const { scroll, width } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: window.innerWidth,
    }));
    assert.ok(scroll <= width, `no horizontal scrolling (${scroll} > ${width})`);
  } finally {
    await page.finish();
  }
});

test("request a quotation: a mailto with the enterprise's address and a bilingual template", async () => {
  const site = sites.basic;
  const page = await open();
  try {
    for (const prefix of ["", "/en"]) {
      await page.goto(`${site.url}${prefix}/doanh-nghiep/an-phat/`);
      const href = await page.getAttribute("a.quote__action", "href");
      assert.ok(href.startsWith("mailto:info@anphat.example.vn?subject="), href);
      assert.doesNotMatch(href, /[\s<>"]/, "percent-encoded");
      const params = new URLSearchParams(href.slice(href.indexOf("?") + 1));
      const subject = params.get("subject");
      const body = params.get("body");
      assert.match(subject, /Request for quotation/);
      assert.match(subject, /Yêu cầu báo giá/);
      assert.match(body, /Dear An Phat Co\., Ltd\.,/);
      assert.match(body, /Kính gửi Công ty TNHH Ăn Phát,/);
      assert.ok(body.includes("\r\n"), "CRLF line breaks");
      assert.ok(body.includes(`${prefix}/doanh-nghiep/an-phat/`), "the page's address");
      const english = body.indexOf("Dear");
      const vietnamese = body.indexOf("Kính gửi");
      assert.ok(prefix ? english < vietnamese : vietnamese < english, "the page's language first");
      assert.equal(await page.textContent("a.quote__action"), prefix ? "Request a quotation" : "Yêu cầu báo giá");
    }
    // No e-mail address, no action.
    await page.goto(`${site.url}/doanh-nghiep/dien-tu-duong/`);
    assert.equal(await page.locator("a.quote__action").count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.finish();
  }
});

/// The main pages of the real site: home, directory, an enterprise, a policy, search with results.
async function mainPages(site) {
  const policies = await (await fetch(`${site.url}/chinh-sach/`)).text();
  const policy = policies.match(/href="(\/chinh-sach\/[a-z0-9-]+\/)"/)[1];
  return {
    home: "/",
    directory: "/doanh-nghiep/",
    enterprise: pageOf(site, 0),
    policy,
    search: "/tim-kiem/?q=cong+nghiep",
    "English directory, filtered and sorted": `/en/doanh-nghiep/?kcn=bat-ky&sap-xep=quy-mo`,
    "English enterprise": `/en${pageOf(site, 0)}`,
    "English policy": "/en/chinh-sach/nghi-dinh-111-2015-nd-cp/",
    "English market note": "/en/thi-truong/nhu-cau-cua-nha-lap-rap-fdi/",
    "English contact page": "/en/lien-he/",
  };
}

async function ready(page, path) {
  await page.goto(sites.real.url + path);
  if (path.startsWith("/tim-kiem/")) await page.waitForSelector("[data-search][data-state=done]");
  if (/^(\/en)?\/doanh-nghiep\/(\?|$)/.test(path)) {
    await page.waitForSelector("[data-filters]:not([hidden])");
    await cardsShown(page);
    await openPanel(page);
  }
}

test("no console error on the home, directory, enterprise, policy and search pages", async () => {
  for (const [name, path] of Object.entries(await mainPages(sites.real))) {
    const page = await open();
    try {
      await ready(page, path);
      await page.waitForLoadState("networkidle");
      assert.deepEqual(page.problems, [], `${name} (${path})`);
    } finally {
      await page.finish();
    }
  }
});

test("axe: no serious or critical violation on the main pages", async () => {
  for (const [name, path] of Object.entries(await mainPages(sites.real))) {
    const page = await open();
    try {
      await ready(page, path);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const bad = violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(bad, [], `${name} (${path})`);
    } finally {
      await page.finish();
    }
  }
});

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return htmlFiles(p);
    return name.endsWith(".html") ? [p] : [];
  });
}

test("vnu: every HTML page of the real site is valid", async () => {
  const out = sites.real.out;
  const files = htmlFiles(out);
  assert.ok(files.length > 50, `${files.length} pages`);
  let stderr;
  try {
    ({ stderr } = await run(
      "java",
      ["-jar", vnuJar, "--errors-only", "--format", "json", "--skip-non-html", out],
      { maxBuffer: 64 * 1024 * 1024 },
    ));
  } catch (e) {
    // vnu exits 1 when it found errors; its report is still on stderr.
    stderr = e.stderr;
    if (!stderr?.trim().startsWith("{")) throw e;
  }
  const messages = JSON.parse(stderr || '{"messages":[]}').messages.filter(
    (m) => m.type === "error" || m.subType === "fatal",
  );
  const report = messages.map(
    (m) => `${(m.url ?? "").replace(/^file:.*?-public\//, "")}:${m.lastLine}: ${m.message}`,
  );
  assert.deepEqual(report, [], `${messages.length} vnu errors`);
});

test("the site's Content-Security-Policy, sent with every page here, lets the search run", () => {
  const { csp } = sites.real.server;
  assert.ok(csp, "the build writes _headers with a Content-Security-Policy");
  // Pagefind looks words up in WebAssembly; every other test ran under this policy.
  assert.match(csp, /script-src [^;]*'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
});
