//! The preview's HTTP side: the built folder with clean URLs (`/x/` → `x/index.html`), the site's
//! `404.html` for unknown paths, the handbook PDFs under `/cam-nang/`, and — in HTML responses
//! only, never in the built files — the reload script and, while the last build failed, the
//! error overlay. Everything the server adds lives under `/__cnht/` and is loaded as files, so
//! the pages keep passing the site's Content-Security-Policy.

use super::{Live, Shared};
use crate::messages::serve as said;
use crate::site::templates::escape_html as escape;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

const LIVE_JS: &str = include_str!("live.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__cnht/live.js", get(live_js))
        .route("/__cnht/overlay.css", get(overlay_css))
        .route("/__cnht/events", get(events))
        .fallback(files)
        .with_state(shared)
}

async fn live_js() -> Response {
    asset("text/javascript; charset=utf-8", LIVE_JS)
}

async fn overlay_css() -> Response {
    asset("text/css; charset=utf-8", OVERLAY_CSS)
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// Server-sent events: the current build version at once, then each new one.
async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let mut rx = shared.version.subscribe();
    let first = rx.borrow_and_update().clone();
    let stream = futures_util::stream::unfold((rx, Some(first)), |(mut rx, first)| async move {
        let version = match first {
            Some(v) => v,
            None => {
                rx.changed().await.ok()?;
                rx.borrow_and_update().clone()
            }
        };
        let event = Event::default().event("build").data(version);
        Some((Ok::<_, Infallible>(event), (rx, None)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Serves a file of the last good build, with the reload script and the overlay added to HTML.
async fn files(State(shared): State<Arc<Shared>>, mut req: Request) -> Response {
    let live = shared.live();
    let version = shared.version.borrow().clone();
    let Some(site) = live.site.clone() else {
        return no_build_yet(&live, &version);
    };
    let path = req.uri().path().to_owned();
    if decoded_path(&path).is_none() {
        return (
            StatusCode::BAD_REQUEST,
            [(header::CACHE_CONTROL, "no-store")],
            format!("{}\n", said::bad_path(crate::messages::current())),
        )
            .into_response();
    }
    // A print file this preview does not typeset (`--no-handbook`, `--no-sheets`, or a site
    // too large for the handbook in the background) says so.
    let lang = crate::messages::current();
    match print_part(&path) {
        Some(part) if !shared.print.typesets(part) => {
            return not_typeset(said::left_out_file(lang, part));
        }
        Some(said::LeftOut::Handbook) => {
            if let Some(n) = live.handbook_left_out {
                return not_typeset(said::handbook_too_large(lang, n, shared.print.limit()));
            }
        }
        _ => {}
    }
    // Every response must reflect the current build: no 304 from an older one, no byte ranges
    // of a page the server is about to modify (PDF viewers keep their ranges).
    let headers = req.headers_mut();
    for h in [
        header::IF_MODIFIED_SINCE,
        header::IF_NONE_MATCH,
        header::IF_UNMODIFIED_SINCE,
        header::IF_MATCH,
        header::IF_RANGE,
    ] {
        headers.remove(h);
    }
    if !path.ends_with(".pdf") {
        headers.remove(header::RANGE);
    }
    let head = req.method() == Method::HEAD;
    if let Some(response) = from_overlay(&shared, &path, &live, &version, head) {
        return response;
    }
    let root = if is_handbook_file(&shared.handbook, &path) {
        shared.handbook.clone()
    } else {
        site.clone()
    };
    let service = ServeDir::new(&root)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(site.join("404.html")));
    let response = match service.oneshot(req).await {
        Ok(r) => r.map(Body::new),
        Err(e) => match e {},
    };
    let html = is_html(&response);
    let mut response = if html && !head {
        inject_into(response, &live, &version).await
    } else {
        response
    };
    if html {
        // The production policy (see `deploy`), so what breaks it shows up in the preview too.
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::deploy::CSP),
        );
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A page re-rendered after an edit and not yet in the build folder (see `build`).
fn from_overlay(
    shared: &Shared,
    path: &str,
    live: &Live,
    version: &str,
    head: bool,
) -> Option<Response> {
    let overlay = shared.overlay.read().unwrap_or_else(|e| e.into_inner());
    if overlay.is_empty() {
        return None;
    }
    let key = path.strip_suffix("index.html").unwrap_or(path);
    if !key.ends_with('/') {
        // `/x` → `/x/`, as for the pages in the folder.
        let slashed = format!("{key}/");
        return overlay.contains_key(&slashed).then(|| {
            (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, slashed)],
            )
                .into_response()
        });
    }
    let (_, html) = overlay.get(key)?;
    let body = if head {
        Vec::new()
    } else {
        inject(html.as_bytes(), live, version)
    };
    Some(
        (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
                (header::CONTENT_SECURITY_POLICY, crate::deploy::CSP),
            ],
            body,
        )
            .into_response(),
    )
}

/// The request path percent-decoded, when it is one the server may look up: valid UTF-8, no
/// NUL or other control character, no backslash, no `.` or `..` segment. Browsers never send
/// anything else; such a path is refused before any file is looked at, whatever the file system
/// would make of it.
fn decoded_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    let clean = !decoded.chars().any(|c| c.is_control() || c == '\\')
        && decoded
            .split('/')
            .all(|segment| segment != ".." && segment != ".");
    clean.then(|| decoded.into_owned())
}

/// The answer to a print file's address when the preview does not typeset it: `why`.
fn not_typeset(why: String) -> Response {
    (
        StatusCode::NOT_FOUND,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        format!("{why}\n"),
    )
        .into_response()
}

/// Which print files `path` is among, if any: a file in the handbook's folder (the book, the
/// events' catalogues, their notes to the print shop; not the website's page there), or a
/// capability sheet.
fn print_part(path: &str) -> Option<said::LeftOut> {
    let in_handbook = path
        .strip_prefix(crate::model::urls::HANDBOOK)
        .is_some_and(|name| !name.is_empty() && !name.contains('/') && name != "index.html");
    if in_handbook {
        Some(said::LeftOut::Handbook)
    } else if crate::model::urls::capability_sheet_slug(crate::model::Lang::split(path).1).is_some()
    {
        Some(said::LeftOut::Sheets)
    } else {
        None
    }
}

/// Whether `path` is a print file (the handbook's, or a capability sheet) that the background
/// print build has written into `dir`.
fn is_handbook_file(dir: &Path, path: &str) -> bool {
    print_part(path).is_some()
        && decoded_path(path).is_some_and(|p| dir.join(p.trim_start_matches('/')).is_file())
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

async fn inject_into(response: Response, live: &Live, version: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, 256 * 1024 * 1024).await {
        Ok(b) => b,
        Err(e) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                said::unreadable_page(crate::messages::current(), e),
            )
                .into_response()
        }
    };
    let html = inject(&bytes, live, version);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::LAST_MODIFIED);
    parts.headers.remove(header::ACCEPT_RANGES);
    Response::from_parts(parts, Body::from(html))
}

/// The reload script and, when the last build failed, the overlay, inserted before `</body>`.
pub(crate) fn inject(html: &[u8], live: &Live, version: &str) -> Vec<u8> {
    let mut tail = overlay(live);
    tail.push_str(&format!(
        "<script src=\"/__cnht/live.js?v={}\"></script>\n",
        escape(version)
    ));
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tail.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tail.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The error panel (empty when the last build succeeded).
pub(crate) fn overlay(live: &Live) -> String {
    let lang = crate::messages::current();
    let (title, text) = match (&live.error, &live.handbook_error) {
        (Some(text), _) => (said::panel_errors(lang, live.errors), text),
        (None, Some(text)) => (said::panel_handbook(lang).to_owned(), text),
        (None, None) => return String::new(),
    };
    format!(
        "<link rel=\"stylesheet\" href=\"/__cnht/overlay.css\">\n\
         <div id=\"cnht-overlay\" class=\"cnht-overlay\" role=\"alert\">\
         <div class=\"cnht-overlay__panel\">\
         <p class=\"cnht-overlay__title\"><strong>cnht serve</strong> · {}</p>\
         <button type=\"button\" class=\"cnht-overlay__close\" aria-label=\"{}\">×</button>\
         <pre class=\"cnht-overlay__text\">{}</pre>\
         </div></div>\n",
        escape(&title),
        escape(said::panel_hide(lang)),
        escape(text)
    )
}

/// The page shown while no build has succeeded yet.
fn no_build_yet(live: &Live, version: &str) -> Response {
    let [code, title, heading, text] = said::nothing_built(crate::messages::current());
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <title>{title}</title></head>\n<body>\
         <h1>{heading}</h1><p>{text}</p>\n</body></html>\n"
    );
    let live = if live.error.is_none() && live.handbook_error.is_none() {
        // The first build is still running.
        Live::default()
    } else {
        live.clone()
    };
    let html = inject(page.as_bytes(), &live, version);
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if haystack.len() < needle.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_files_are_told_from_the_pages_beside_them() {
        use said::LeftOut::{Handbook, Sheets};
        for (path, part) in [
            ("/cam-nang/cam-nang-cnht-ha-noi-2020.pdf", Some(Handbook)),
            ("/cam-nang/README-in-an.txt", Some(Handbook)),
            ("/cam-nang/", None),
            ("/cam-nang/index.html", None),
            ("/en/cam-nang/", None),
            ("/doanh-nghiep/an-phat/ho-so-nang-luc.pdf", Some(Sheets)),
            ("/en/doanh-nghiep/an-phat/ho-so-nang-luc.pdf", Some(Sheets)),
            ("/doanh-nghiep/an-phat/", None),
        ] {
            assert_eq!(print_part(path), part, "{path}");
        }
    }

    #[test]
    fn refuses_paths_that_climb_or_hide_characters() {
        for bad in [
            "/../x",
            "/a/%2e%2e/x",
            "/a/%2E%2e/x",
            "/..%2fx",
            "/%5c..%5cx",
            "/a\\b",
            "/index.html%00",
            "/%0a",
            "/%ff%fe",
            "/%c0%ae%c0%ae/x",
            "/./x",
        ] {
            assert_eq!(decoded_path(bad), None, "{bad}");
        }
        assert_eq!(
            decoded_path("/doanh-nghiep/c%C3%B4ng-ty/").as_deref(),
            Some("/doanh-nghiep/công-ty/")
        );
        assert_eq!(decoded_path("/a..b/.x/").as_deref(), Some("/a..b/.x/"));
        assert_eq!(decoded_path("/%252e%252e/").as_deref(), Some("/%2e%2e/"));
    }

    #[test]
    fn injects_before_body_end_and_escapes() {
        let live = Live {
            error: Some("error: <script>alert(1)</script>\n  ┌─ content/x.md:5:12".into()),
            errors: 1,
            ..Default::default()
        };
        let html = String::from_utf8(inject(b"<p>hi</p></BODY></html>", &live, "a-1")).unwrap();
        assert!(html.ends_with("</BODY></html>"));
        assert!(html.contains("/__cnht/live.js?v=a-1"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("content/x.md:5:12"));
        assert!(!html.contains("<script>alert"));
        let clean = String::from_utf8(inject(b"<p>hi</p>", &Live::default(), "a-2")).unwrap();
        assert!(!clean.contains("cnht-overlay"));
        assert!(clean.starts_with("<p>hi</p><script"));
    }
}
