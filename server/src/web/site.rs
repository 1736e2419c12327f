//! The built site (`pkg/` with the wasm, its JavaScript glue and the stylesheet, plus `public/`
//! assets) as the server uses it: the Leptos options come from cargo-leptos' own configuration
//! (`[[workspace.metadata.leptos]]` of the workspace `Cargo.toml`, read at compile time, then
//! `LEPTOS_*` variables), with the site root and address this process was given; files under
//! `/pkg/` carry a content hash in their names (`hash-files`), so they are served
//! `Cache-Control: immutable`; the `.br`/`.gz` siblings cargo-leptos writes (`--precompress`)
//! are sent to browsers that accept them (leptos_axum's file handler).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use axum::{
    body::Body,
    http::{HeaderValue, Request, header},
    middleware::Next,
    response::Response,
};
use leptos::config::LeptosOptions;

/// The workspace manifest, whose `[[workspace.metadata.leptos]]` cargo-leptos builds from.
const CARGO_MANIFEST: &str = include_str!("../../../Cargo.toml");

/// A year: hashed files never change under their name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Other static files (the favicon) may change between releases.
const REVALIDATE: &str = "public, max-age=3600, must-revalidate";

/// The Leptos options: cargo-leptos' configuration with `site_root` and `addr` set. Without
/// the hash file beside the binary (a build by plain `cargo`, a test binary), names are not
/// hashed: Leptos would otherwise fail every page render looking for it.
pub fn leptos_options(site_root: &Path, addr: SocketAddr) -> LeptosOptions {
    let mut options = leptos::config::get_config_from_str(CARGO_MANIFEST).unwrap_or_else(|error| {
        // The manifest is compiled in and tested (below): this is a build defect.
        tracing::error!(%error, "the Leptos configuration in Cargo.toml cannot be read");
        LeptosOptions::builder().output_name("linkcenter").build()
    });
    options.site_root = site_root.to_string_lossy().into_owned().into();
    options.site_addr = addr;
    if options.hash_files && !hash_file(&options).is_ok_and(|file| file.exists()) {
        options.hash_files = false;
    }
    options
}

/// The files a page links to, named as the hash file (beside the binary) says, under
/// `site_root`; what is wrong when a page would not load them.
pub fn missing_files(options: &LeptosOptions) -> Result<Vec<PathBuf>, String> {
    let pkg = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let name = &*options.output_name;
    let (js, wasm, css) = if options.hash_files {
        let hash_file = hash_file(options)?;
        let text = std::fs::read_to_string(&hash_file)
            .map_err(|e| format!("the hash file {} cannot be read: {e}", hash_file.display()))?;
        let hash = |kind: &str| {
            text.lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(k, _)| k.trim() == kind)
                .map(|(_, h)| format!(".{}", h.trim()))
                .ok_or_else(|| format!("{} names no {kind} file", hash_file.display()))
        };
        (hash("js")?, hash("wasm")?, hash("css")?)
    } else {
        (String::new(), "_bg".to_owned(), String::new())
    };
    Ok([
        format!("{name}{js}.js"),
        format!("{name}{wasm}.wasm"),
        format!("{name}{css}.css"),
    ]
    .into_iter()
    .map(|file| pkg.join(file))
    .filter(|path| !path.exists())
    .collect())
}

/// Where Leptos reads the file hashes: beside the running binary.
fn hash_file(options: &LeptosOptions) -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("the binary's path is unknown: {e}"))?;
    let dir = exe.parent().unwrap_or(Path::new("."));
    Ok(dir.join(&*options.hash_file))
}

/// Logs why pages would not become interactive (the site was not built, or not for this binary).
pub fn warn_if_incomplete(options: &LeptosOptions) {
    match missing_files(options) {
        Ok(missing) if missing.is_empty() => {}
        Ok(missing) => tracing::warn!(
            site_root = %options.site_root,
            missing = ?missing,
            "the built site is incomplete: pages render but will not become interactive; build it with `cargo leptos build --release --precompress` or pass --site-root"
        ),
        Err(reason) => tracing::warn!(
            site_root = %options.site_root,
            %reason,
            "the built site's file names are unknown: pages render but will not become interactive; keep the hash file cargo-leptos wrote beside the binary"
        ),
    }
}

/// Sets `Cache-Control` on static files: immutable under `/pkg/` (hashed names), revalidated
/// for the rest. Pages and API answers are left alone.
pub async fn cache_headers(request: Request<Body>, next: Next) -> Response {
    let pkg = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let is_file = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| !t.starts_with("text/html") && !t.starts_with("application/json"));
    if response.status().is_success()
        && is_file
        && !response.headers().contains_key(header::CACHE_CONTROL)
    {
        let value = if pkg { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_options_are_cargo_leptos_configuration_with_this_process_root_and_address() {
        let configured = leptos::config::get_config_from_str(CARGO_MANIFEST).unwrap();
        assert!(
            configured.hash_files,
            "Cargo.toml asks cargo-leptos for hashed names"
        );
        let addr: SocketAddr = "127.0.0.1:4567".parse().unwrap();
        let options = leptos_options(Path::new("/srv/site"), addr);
        assert_eq!(&*options.output_name, "linkcenter");
        assert_eq!(&*options.site_pkg_dir, "pkg");
        assert_eq!(&*options.site_root, "/srv/site");
        assert_eq!(options.site_addr, addr);
        assert!(
            !options.hash_files,
            "no hash file beside the test binary: names are not hashed, so pages still render"
        );
    }

    #[test]
    fn an_unbuilt_site_is_reported() {
        let mut options = leptos_options(
            Path::new("/nonexistent-site"),
            "127.0.0.1:1".parse().unwrap(),
        );
        options.hash_files = false;
        let missing = missing_files(&options).unwrap();
        assert_eq!(missing.len(), 3, "{missing:?}");
        assert!(
            missing[1].ends_with("pkg/linkcenter_bg.wasm"),
            "{missing:?}"
        );
    }
}
