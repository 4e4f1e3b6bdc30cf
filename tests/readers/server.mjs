// A tiny static server for a built site: clean addresses (`/a/b/` → `a/b/index.html`, `/a/b` →
// redirect to `/a/b/` when that folder has an index), the site's 404 page, and the
// Content-Security-Policy from the site's own `_headers` on every answer, so the tests also prove
// the pages keep to it.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
  ".csv": "text/csv; charset=utf-8",
};

/// The CSP line of `<root>/_headers`, or null.
export function siteCsp(root) {
  const file = join(root, "_headers");
  if (!existsSync(file)) return null;
  const line = readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.trim().startsWith("Content-Security-Policy:"));
  return line ? line.split(":").slice(1).join(":").trim() : null;
}

/// Serves `root` on 127.0.0.1 at a free port. Resolves to { url, close, csp }.
export function serve(root) {
  const csp = siteCsp(root);
  const server = createServer(async (req, res) => {
    const headers = csp ? { "Content-Security-Policy": csp } : {};
    try {
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403, headers).end();
        return;
      }
      let target = file;
      const info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!path.endsWith("/")) {
          res.writeHead(301, { ...headers, Location: path + "/" }).end();
          return;
        }
        target = join(file, "index.html");
      }
      const body = await readFile(target).catch(() => null);
      if (!body) {
        const notFound = await readFile(join(root, "404.html")).catch(() => "Not found");
        res.writeHead(404, { ...headers, "Content-Type": TYPES[".html"] }).end(notFound);
        return;
      }
      const type = TYPES[extname(target)] ?? "application/octet-stream";
      res.writeHead(200, { ...headers, "Content-Type": type, "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (e) {
      res.writeHead(500, headers).end(String(e));
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      ok({
        url: `http://127.0.0.1:${port}`,
        csp,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
