//! Input plumbing, through the binary: standard input (`-`) for `render` and the reader,
//! gzip-compressed files read through, EPUB books read from their bytes, and one clear line and
//! a non-zero exit for what is not text (PDF, office documents, images, archives).

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::{SEED, TempDir};

/// `taiyaku ARGS` with `input` on its standard input, from the crate's folder.
fn taiyaku(args: &[&str], input: &[u8]) -> Output {
    let data = TempDir::new("plumbing");
    let mut child = Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TAIYAKU_DATA_DIR", data.path())
        .env("TAIYAKU_CONFIG_DIR", data.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("input is written");
    drop(stdin);
    child.wait_with_output().expect("the binary ends")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn seed() -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap()
}

#[test]
fn render_reads_standard_input_and_gzip_alike() {
    let from_file = taiyaku(&["render", "--width", "80", SEED], b"");
    assert!(from_file.status.success());
    let from_stdin = taiyaku(&["render", "--width", "80", "-"], &seed());
    assert!(from_stdin.status.success(), "{from_stdin:?}");
    assert_eq!(from_stdin.stdout, from_file.stdout);
    let gzipped = taiyaku(&["render", "--width", "80", "-"], &gzip(&seed()));
    assert_eq!(gzipped.stdout, from_file.stdout, "gzip by its magic number");
    let folder = TempDir::new("gz");
    let path = folder.path().join("seed.txt.gz");
    std::fs::write(&path, gzip(&seed())).unwrap();
    let from_gz = taiyaku(&["render", "--width", "80", path.to_str().unwrap()], b"");
    assert_eq!(from_gz.stdout, from_file.stdout);
}

#[test]
fn what_is_not_text_is_refused_in_one_line_saying_what_to_do() {
    let cases: [(&[u8], &str); 5] = [
        (
            b"%PDF-1.7\n1 0 obj\n",
            "this is a PDF document, not text: convert it to text first, e.g. with pdftotext",
        ),
        (
            b"PK\x03\x04\x14\0\0\0\0\0[Content_Types].xmlword/document.xml",
            "a Word document",
        ),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image"),
        (
            b"PK\x03\x04\x14\0\0\0\0\0mimetypeapplication/epub+zip",
            "bad EPUB: not a readable zip archive",
        ),
        (b"\x7FELF\x02\x01\x01\0", "a program"),
    ];
    for (bytes, says) in cases {
        let output = taiyaku(&["render", "-"], bytes);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{says}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(output.stdout.is_empty());
    }
    let mut broken = gzip(&seed());
    broken.truncate(100);
    let output = taiyaku(&["render", "-"], &broken);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a readable gzip file"));
}

#[test]
fn render_reads_an_epub_book_from_its_bytes() {
    let book = common::epub::fixture_book("epub3_bilingual");
    let output = taiyaku(&["render", "--width", "100", "-"], &book);
    assert!(output.status.success(), "{output:?}");
    let shown = String::from_utf8_lossy(&output.stdout);
    for part in [
        "The Lantern Maker",
        "提灯職人",
        "Every evening",
        "毎晩",
        "At Night",
    ] {
        assert!(shown.contains(part), "{part} in {shown}");
    }
    let folder = TempDir::new("epub");
    let path = folder.path().join("book.epub");
    std::fs::write(&path, &book).unwrap();
    let from_file = taiyaku(&["render", "--width", "100", path.to_str().unwrap()], b"");
    assert_eq!(from_file.stdout, output.stdout);
    let drm = common::epub::book(&[("META-INF/rights.xml", b"<rights/>")]);
    let refused = taiyaku(&["render", "-"], &drm);
    assert!(!refused.status.success());
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr).trim_end(),
        "taiyaku: -: this EPUB is encrypted (DRM): taiyaku cannot read it"
    );
}

/// `cat FILE | taiyaku -` opens the reader on the text, the keys coming from the terminal.
#[cfg(unix)]
#[test]
fn the_reader_reads_standard_input_and_the_keys_from_the_terminal() {
    use common::term::{Term, status};
    let mut command = portable_pty::CommandBuilder::new("sh");
    command.arg("-c");
    command.arg(format!(
        "cat {SEED} | exec '{}' -",
        env!("CARGO_BIN_EXE_taiyaku")
    ));
    let mut term = Term::spawn_command(command, 100, 30, true);
    term.wait_for("the seed", |s| status(s).contains("¶1/12"));
    term.send("}");
    term.wait_for("the next paragraph", |s| status(s).contains("¶2/12"));
    term.send("q");
    assert!(term.wait_exit().success());
}
