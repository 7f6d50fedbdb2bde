//! Build-time switches for the test suite; nothing here changes the library or the binary.
//!
//! `cfg(corpus)` is set when `TAIYAKU_CORPUS_DIR` is set and not empty. The tests that read the
//! licensed corpus run then (and fail if its folder is missing or empty); without it, `cargo
//! test` lists them as ignored, with the reason.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(corpus)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=TAIYAKU_CORPUS_DIR");
    if std::env::var_os("TAIYAKU_CORPUS_DIR").is_some_and(|dir| !dir.is_empty()) {
        println!("cargo::rustc-cfg=corpus");
    }
}
