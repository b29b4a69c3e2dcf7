//! Static assets (GOV.UK Frontend, Hearth's own CSS and JavaScript), embedded
//! in the binary with `include_bytes!` and served from memory under `/assets/`.
//!
//! The files live in `crates/hearth-web/assets/`. GOV.UK Frontend is vendored
//! unmodified in `assets/govuk/` (see `assets/govuk/VERSION` and
//! `assets/govuk/LICENSE.txt`).
//!
//! URL layout:
//!
//! * `/assets/hearth.css`, `/assets/hearth.js`: Hearth's own files.
//! * `/assets/govuk/govuk-frontend.min.css` and
//!   `/assets/govuk/govuk-frontend.min.js`: GOV.UK Frontend's precompiled CSS
//!   and ES module (`hearth.js` imports the module as
//!   `./govuk/govuk-frontend.min.js`).
//! * `/assets/govuk/assets/{fonts,images}/...`: the package's own layout.
//! * `/assets/fonts/...` and `/assets/images/...`: the same files again,
//!   because the precompiled `govuk-frontend.min.css` refers to its fonts and
//!   images with root-absolute URLs (`url(/assets/fonts/light-94a07e06a1-v2.woff2)`,
//!   `url(/assets/images/govuk-crest.svg)`), not relative ones. Serving them
//!   there keeps the vendored CSS byte-for-byte unmodified. Only the `.woff2`
//!   fonts are shipped: every browser that runs GOV.UK Frontend 5 takes the
//!   first (`woff2`) source of each `@font-face`, never the `.woff` fallback.
//!
//! Every response carries `Cache-Control: public, max-age=86400`; an unknown
//! path is a 404.

use axum::{
    extract::Path,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

/// One embedded file.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// Path below `/assets/`, without a leading slash.
    pub path: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
}

impl Asset {
    /// The `Content-Type` this asset is served with.
    pub fn content_type(&self) -> &'static str {
        content_type_for(self.path)
    }
}

/// The value of `Cache-Control` on every asset response.
pub const CACHE_CONTROL: &str = "public, max-age=86400";

macro_rules! asset {
    ($url:literal, $file:literal) => {
        Asset {
            path: $url,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/", $file)),
        }
    };
}

/// Every embedded asset, by URL path below `/assets/`.
pub static ASSETS: &[Asset] = &[
    asset!("hearth.css", "hearth.css"),
    asset!("hearth.js", "hearth.js"),
    asset!(
        "govuk/govuk-frontend.min.css",
        "govuk/govuk-frontend.min.css"
    ),
    asset!("govuk/govuk-frontend.min.js", "govuk/govuk-frontend.min.js"),
    asset!("govuk/LICENSE.txt", "govuk/LICENSE.txt"),
    asset!("govuk/VERSION", "govuk/VERSION"),
    // The package's own layout.
    asset!(
        "govuk/assets/fonts/bold-b542beb274-v2.woff2",
        "govuk/assets/fonts/bold-b542beb274-v2.woff2"
    ),
    asset!(
        "govuk/assets/fonts/light-94a07e06a1-v2.woff2",
        "govuk/assets/fonts/light-94a07e06a1-v2.woff2"
    ),
    asset!(
        "govuk/assets/images/favicon.ico",
        "govuk/assets/images/favicon.ico"
    ),
    asset!(
        "govuk/assets/images/favicon.svg",
        "govuk/assets/images/favicon.svg"
    ),
    asset!(
        "govuk/assets/images/govuk-icon-180.png",
        "govuk/assets/images/govuk-icon-180.png"
    ),
    asset!(
        "govuk/assets/images/govuk-crest.svg",
        "govuk/assets/images/govuk-crest.svg"
    ),
    // The root-absolute URLs that the precompiled CSS uses (see module docs).
    asset!(
        "fonts/bold-b542beb274-v2.woff2",
        "govuk/assets/fonts/bold-b542beb274-v2.woff2"
    ),
    asset!(
        "fonts/light-94a07e06a1-v2.woff2",
        "govuk/assets/fonts/light-94a07e06a1-v2.woff2"
    ),
    asset!(
        "images/govuk-crest.svg",
        "govuk/assets/images/govuk-crest.svg"
    ),
];

/// Looks up an asset by its path below `/assets/` (no leading slash).
pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

/// The `Content-Type` for a file name, from its extension.
pub fn content_type_for(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = match name.rsplit_once('.') {
        Some((_, ext)) => ext,
        None => "",
    };
    match ext {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "" => "text/plain; charset=utf-8",
        "map" | "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// Routes `/assets/{*path}`. Merge into the app's router:
/// `app.merge(assets::router())`.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assets/{*path}", get(serve))
}

async fn serve(Path(path): Path<String>) -> Response {
    match find(path.trim_start_matches('/')) {
        Some(asset) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type()),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(CACHE_CONTROL),
                ),
            ],
            asset.bytes,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            "Not found",
        )
            .into_response(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    #[test]
    fn every_asset_is_non_empty_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for asset in ASSETS {
            assert!(!asset.bytes.is_empty(), "{} is empty", asset.path);
            assert!(seen.insert(asset.path), "{} listed twice", asset.path);
            assert!(!asset.path.starts_with('/'), "{}", asset.path);
            assert_ne!(
                asset.content_type(),
                "application/octet-stream",
                "{} has no content type mapping",
                asset.path
            );
        }
    }

    #[test]
    fn content_types_by_extension() {
        let expected = [
            ("hearth.css", "text/css; charset=utf-8"),
            ("hearth.js", "text/javascript; charset=utf-8"),
            ("govuk/govuk-frontend.min.css", "text/css; charset=utf-8"),
            (
                "govuk/govuk-frontend.min.js",
                "text/javascript; charset=utf-8",
            ),
            ("govuk/LICENSE.txt", "text/plain; charset=utf-8"),
            ("govuk/VERSION", "text/plain; charset=utf-8"),
            ("govuk/assets/fonts/bold-b542beb274-v2.woff2", "font/woff2"),
            ("fonts/light-94a07e06a1-v2.woff2", "font/woff2"),
            ("govuk/assets/images/favicon.ico", "image/x-icon"),
            ("govuk/assets/images/favicon.svg", "image/svg+xml"),
            ("govuk/assets/images/govuk-icon-180.png", "image/png"),
            ("images/govuk-crest.svg", "image/svg+xml"),
        ];
        for (path, content_type) in expected {
            let asset = find(path).unwrap_or_else(|| panic!("{path} not embedded"));
            assert_eq!(asset.content_type(), content_type, "{path}");
        }
        assert_eq!(content_type_for("x/y.unknown"), "application/octet-stream");
    }

    #[test]
    fn magic_numbers_match_content_types() {
        for asset in ASSETS {
            let b = asset.bytes;
            match asset.content_type() {
                "font/woff2" => assert_eq!(&b[..4], b"wOF2", "{}", asset.path),
                "image/png" => assert_eq!(&b[..8], b"\x89PNG\r\n\x1a\n", "{}", asset.path),
                "image/x-icon" => assert_eq!(&b[..4], b"\0\0\x01\0", "{}", asset.path),
                "image/svg+xml" => {
                    assert!(
                        std::str::from_utf8(b).unwrap().contains("<svg"),
                        "{}",
                        asset.path
                    )
                }
                ct if ct.starts_with("text/") => {
                    std::str::from_utf8(b).unwrap();
                }
                other => panic!("unexpected content type {other} for {}", asset.path),
            }
        }
    }

    const FONTS: [&str; 2] = [
        "govuk/assets/fonts/bold-b542beb274-v2.woff2",
        "govuk/assets/fonts/light-94a07e06a1-v2.woff2",
    ];

    #[test]
    fn fonts_are_served_at_both_paths() {
        for font in FONTS {
            let packaged = find(font).unwrap();
            let name = font.rsplit('/').next().unwrap();
            let absolute = find(&format!("fonts/{name}")).unwrap();
            assert_eq!(packaged.bytes, absolute.bytes);
        }
    }

    /// Every `url(...)` in the vendored CSS must resolve to an embedded asset
    /// (bar the `.woff` fallbacks that no supported browser fetches).
    #[test]
    fn css_urls_resolve() {
        for css_path in ["govuk/govuk-frontend.min.css", "hearth.css"] {
            let css = std::str::from_utf8(find(css_path).unwrap().bytes).unwrap();
            let mut rest = css;
            let mut count = 0;
            while let Some(i) = rest.find("url(") {
                rest = &rest[i + 4..];
                let end = rest.find(')').unwrap();
                let url = rest[..end].trim_matches(|c| c == '"' || c == '\'');
                rest = &rest[end..];
                if url.starts_with("data:") || url.ends_with(".woff") {
                    continue;
                }
                let path = url
                    .strip_prefix("/assets/")
                    .unwrap_or_else(|| panic!("{css_path}: unexpected url({url})"));
                assert!(find(path).is_some(), "{css_path}: url({url}) is not served");
                count += 1;
            }
            if css_path.starts_with("govuk/") {
                assert!(count >= 3, "expected font and image urls in {css_path}");
            }
        }
    }

    #[test]
    fn hearth_js_imports_vendored_module() {
        let js = std::str::from_utf8(find("hearth.js").unwrap().bytes).unwrap();
        assert!(js.contains("./govuk/govuk-frontend.min.js"));
        let govuk =
            std::str::from_utf8(find("govuk/govuk-frontend.min.js").unwrap().bytes).unwrap();
        assert!(govuk.contains("initAll"));
    }

    #[tokio::test]
    async fn serves_known_paths_with_headers() {
        for asset in ASSETS {
            let response = serve(Path(asset.path.to_string())).await;
            assert_eq!(response.status(), StatusCode::OK, "{}", asset.path);
            let headers = response.headers();
            assert_eq!(
                headers.get(header::CONTENT_TYPE).unwrap(),
                asset.content_type(),
                "{}",
                asset.path
            );
            assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), CACHE_CONTROL);
            let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
            assert_eq!(&body[..], asset.bytes, "{}", asset.path);
        }
    }

    #[tokio::test]
    async fn unknown_path_is_404() {
        for path in [
            "nope.css",
            "govuk/../hearth.css",
            "govuk/assets/fonts/bold-affa96571d-v2.woff",
            "",
        ] {
            let response = serve(Path(path.to_string())).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        }
    }

    #[test]
    fn router_builds() {
        let _: Router<()> = router();
    }
}
