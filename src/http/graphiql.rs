//! GraphiQL, served entirely by the service: the page, its script and the vendored GraphiQL
//! 3.9.0 and React 18.3.1 builds (MIT; `graphiql/LICENSES.txt`) are compiled into the binary,
//! so the IDE works on a closed network. The page loads nothing from another origin, and its
//! Content-Security-Policy says so. `examples.json` holds the example queries each demo role's
//! link opens in its tabs (tests/api/graphiql_examples.rs runs every one as its role).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>permanence — GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>body { margin: 0; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script src="/graphiql/start.js"></script>
</body>
</html>
"#;

/// Only this origin: scripts and connections; inline styles and data: fonts are GraphiQL's.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
                   frame-ancestors 'none'";

/// The GraphiQL page.
pub fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::CACHE_CONTROL, "no-store"),
        ],
        PAGE,
    )
        .into_response()
}

/// The asset named `file`, or 404.
fn asset(file: &str) -> Option<(&'static str, &'static [u8])> {
    let found: (&'static str, &'static [u8]) = match file {
        "graphiql.min.js" => (
            "text/javascript; charset=utf-8",
            include_bytes!("graphiql/graphiql.min.js"),
        ),
        "graphiql.min.css" => (
            "text/css; charset=utf-8",
            include_bytes!("graphiql/graphiql.min.css"),
        ),
        "react.production.min.js" => (
            "text/javascript; charset=utf-8",
            include_bytes!("graphiql/react.production.min.js"),
        ),
        "react-dom.production.min.js" => (
            "text/javascript; charset=utf-8",
            include_bytes!("graphiql/react-dom.production.min.js"),
        ),
        "start.js" => (
            "text/javascript; charset=utf-8",
            include_bytes!("graphiql/start.js"),
        ),
        "examples.json" => (
            "application/json; charset=utf-8",
            include_bytes!("graphiql/examples.json"),
        ),
        "LICENSES.txt" => (
            "text/plain; charset=utf-8",
            include_bytes!("graphiql/LICENSES.txt"),
        ),
        _ => return None,
    };
    Some(found)
}

/// `GET /graphiql/{file}`: the page's assets (only while GraphiQL is enabled).
pub async fn assets(
    axum::extract::State(state): axum::extract::State<super::state::AppState>,
    Path(file): Path<String>,
) -> Response {
    match asset(&file).filter(|_| state.graphiql) {
        Some((content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
