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
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
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

/// Builds the site at `root` (website only) into `out` and serves it.
async function buildAndServe(name, root, out) {
  await run(bin, ["build", "--root", root, "--out", out, "--no-handbook"], {
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const server = await serve(out);
  const filters = JSON.parse(readFileSync(join(out, "doanh-nghiep/bo-loc.json"), "utf8"));
  sites[name] = { root, out, server, url: server.url, filters };
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
async function open(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
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

const enterpriseUrl = (item) => `/doanh-nghiep/${item[0]}/`;

/// Enterprises of the filter data in the district `slug`.
function inDistrict(site, slug) {
  const d = site.filters.facets.quan.findIndex((v) => v[0] === slug);
  return site.filters.items.filter((it) => it[4] === d).map(enterpriseUrl);
}

/// The tax code of the enterprise page `url` of `site` (as shown on the page).
async function taxCodeOf(site, url) {
  const html = await (await fetch(site.url + url)).text();
  const m = html.match(/\b(\d{10}(?:-\d{3})?)\b/);
  assert.ok(m, `a tax code on ${url}`);
  return m[1];
}

for (const name of ["basic", "real"]) {
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
    const url = enterpriseUrl(site.filters.items[0]);
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

test("English search: /en/tim-kiem/ finds enterprises by English product names, in English", async () => {
  const site = sites.basic;
  const results = await search(site, "stamping dies", "", "/en");
  assert.equal(results[0]?.url, "/en/doanh-nghiep/an-phat/");
  assert.equal(results[0]?.title, "An Phat Co., Ltd.");
  assert.equal(results[0]?.type, "Enterprise");
  const dong = (await search(site, "dong anh", "doanh-nghiep", "/en")).map((r) => r.url);
  assert.ok(dong.includes("/en/doanh-nghiep/an-phat/"), "Vietnamese place names fold on English pages too");
});

/// English pages of the enterprises of `site` whose filter data names one of `keys` in the facet
/// `facet` (`cong-nghe` processes, `san-pham` product groups, `thi-truong` export markets) at
/// position `at` of an item.
function naming(site, facet, at, keys) {
  const values = site.filters.facets[facet];
  const wanted = new Set(keys.map((k) => values.findIndex((v) => v[0] === k)).filter((i) => i >= 0));
  return site.filters.items
    .filter((it) => it[at].some((i) => wanted.has(i)))
    .map((it) => `/en${enterpriseUrl(it)}`);
}

// A buyer's searches on the English site: each finds every enterprise whose record names the
// entry (or a narrower one: turning and milling shops are CNC machining), whatever name, spelling
// or synonym the buyer types (the synonyms reach the index as one token per entry).
const BUYER_SEARCHES = [
  ["stamping", "cong-nghe", 9, ["stamping"]],
  ["press work", "cong-nghe", 9, ["stamping"]],
  ["dap kim loai", "cong-nghe", 9, ["stamping"]],
  ["CNC machining", "cong-nghe", 9, ["cnc-machining", "turning", "milling", "grinding", "gear-cutting", "edm"]],
  ["gia cong CNC", "cong-nghe", 9, ["cnc-machining", "turning", "milling", "grinding", "gear-cutting", "edm"]],
  ["injection molding", "cong-nghe", 9, ["injection-moulding"]],
  ["injection moulding", "cong-nghe", 9, ["injection-moulding"]],
  ["ep phun", "cong-nghe", 9, ["injection-moulding"]],
  ["automotive", "san-pham", 7, ["o-to-xe-may"]],
  ["auto parts", "san-pham", 7, ["o-to-xe-may"]],
  ["Japan", "thi-truong", 10, ["JP"]],
  ["Korea", "thi-truong", 10, ["KR"]],
];

for (const [q, facet, at, keys] of BUYER_SEARCHES) {
  test(`buyer search (English site): "${q}" finds every enterprise with ${keys[0]}`, async (t) => {
    const site = sites.real;
    const expected = naming(site, facet, at, keys);
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

/// Opens /doanh-nghiep/ (plus `query`) and waits for the filters.
async function directory(site, query = "", viewport) {
  const page = await open(viewport);
  await page.goto(`${site.url}/doanh-nghiep/${query}`);
  await page.waitForSelector("[data-filters]:not([hidden])");
  return page;
}

const shownCount = (page) =>
  page.$$eval("[data-filters-results] > li", (lis) => lis.length);

async function check(page, facet, key) {
  const details = page.locator(`details[data-facet="${facet}"]`);
  if (!(await details.evaluate((d) => d.open))) await details.locator("> summary").click();
  await page.check(`details[data-facet="${facet}"] input[value="${key}"]`);
}

test("directory filters: two facets narrow the list, live in the address and reload the same", async () => {
  const site = sites.real;
  const { facets, items } = site.filters;
  // The largest sector, then the district that narrows it most while keeping some.
  const sectorIx = facets["linh-vuc"]
    .map((_, i) => i)
    .sort((a, b) => items.filter((it) => it[3] === b).length - items.filter((it) => it[3] === a).length)[0];
  const sector = facets["linh-vuc"][sectorIx][0];
  const ofSector = items.filter((it) => it[3] === sectorIx);
  const districtIx = [...new Set(ofSector.map((it) => it[4]))].find(
    (d) => ofSector.filter((it) => it[4] === d).length < ofSector.length,
  );
  assert.notEqual(districtIx, undefined, "a district that narrows the largest sector");
  const district = facets.quan[districtIx][0];
  const both = ofSector.filter((it) => it[4] === districtIx).map(enterpriseUrl);

  const page = await directory(site);
  try {
    assert.ok(await page.locator(".enterprise-list:not([data-filters-results])").isVisible());
    await check(page, "linh-vuc", sector);
    await page.waitForURL(new RegExp(`linh-vuc=${sector}`));
    assert.equal(await shownCount(page), Math.min(ofSector.length, 48));
    assert.ok(await page.locator(".enterprise-list:not([data-filters-results])").isHidden());
    await check(page, "quan", district);
    await page.waitForURL((u) => u.search.includes(`linh-vuc=${sector}`) && u.search.includes(`quan=${district}`));
    const urls = await page.$$eval("[data-filters-results] a", (as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(new Set(urls), new Set(both));
    assert.ok(urls.length < Math.min(ofSector.length, 48) || ofSector.length > 48);
    const status = await page.textContent("[data-filters-status]");
    assert.match(status, new RegExp(`\\b${both.length}\\b`));

    // The counts follow: the chosen district's count is the number shown.
    const count = await page.textContent(`details[data-facet="quan"] input[value="${district}"] ~ .count`);
    assert.equal(count, `(${both.length})`);

    // Reloading the address gives the same list.
    await page.reload();
    await page.waitForSelector("[data-filters]:not([hidden])");
    assert.ok(await page.isChecked(`input[name="linh-vuc"][value="${sector}"]`));
    assert.ok(await page.isChecked(`input[name="quan"][value="${district}"]`));
    const again = await page.$$eval("[data-filters-results] a", (as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(again, urls);

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
  const { facets, items } = site.filters;
  assert.equal(facets.quan.length, 3);
  const keys = facets.quan.map((v) => v[0]);
  const page = await directory(site, `?quan=${keys[0]}&quan=${keys[1]}`);
  try {
    const expected = items.filter((it) => it[4] === 0 || it[4] === 1).map(enterpriseUrl);
    const urls = await page.$$eval("[data-filters-results] a", (as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(new Set(urls), new Set(expected));
    // The hostile name is shown as text.
    assert.equal(await page.locator("[data-filters-results] script").count(), 0);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.finish();
  }
});

test("the directory fits a 375 px wide screen, with the filters open", async () => {
  const page = await directory(sites.real, "", { width: 375, height: 812 });
  try {
    for (const summary of await page.locator("details.filter > summary").all()) await summary.click();
    const first = await page.locator('details[data-facet="linh-vuc"] input').first().getAttribute("value");
    await page.check(`input[name="linh-vuc"][value="${first}"]`);
    const { scroll, width } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      width: window.innerWidth,
    }));
    assert.ok(scroll <= width, `no horizontal scrolling (${scroll} > ${width})`);
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
    enterprise: enterpriseUrl(site.filters.items[0]),
    policy,
    search: "/tim-kiem/?q=cong+nghiep",
  };
}

async function ready(page, path) {
  await page.goto(sites.real.url + path);
  if (path.startsWith("/tim-kiem/")) await page.waitForSelector("[data-search][data-state=done]");
  if (path === "/doanh-nghiep/") await page.waitForSelector("[data-filters]:not([hidden])");
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
