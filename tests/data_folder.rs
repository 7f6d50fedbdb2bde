//! A hostile data folder: FIFOs named like its files, links planted at the names taiyaku
//! writes, the modes of what it creates, and numbers edited by hand.

#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::{SEED, TempDir};
use serde_json::Value;
use taiyaku::store::Store;

/// Far longer than any of these commands takes: reached only by one that hangs.
const WATCHDOG: Duration = Duration::from_secs(120);

/// `taiyaku ARGS` on the data folder `data`, run to its end; a run that does not end within
/// `WATCHDOG` is killed and fails the test.
fn taiyaku(data: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TAIYAKU_DATA_DIR", data)
        .env("TAIYAKU_CONFIG_DIR", data.join("config"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    while child
        .try_wait()
        .expect("the child can be waited for")
        .is_none()
    {
        if start.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("taiyaku {args:?} never ended");
        }
        thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("its output is read")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// The seed essay's article id, as the library names its file.
fn seed_id() -> String {
    common::seed_article().id
}

#[test]
fn a_fifo_named_like_a_data_file_is_reported_and_never_waited_on() {
    for name in [
        "bookmarks.json",
        "positions.json",
        "bookmarks.json.lock",
        "library/x.json",
    ] {
        let folder = TempDir::new("fifo");
        let data = folder.path();
        fs::create_dir_all(data.join("library")).unwrap();
        mkfifo(&data.join(name));
        for args in [&["list"][..], &["bookmarks"]] {
            let output = taiyaku(data, args);
            assert!(output.status.success(), "{name}, {args:?}: {output:?}");
            let said = stderr(&output);
            // What these commands read: the others they never open, or open only to lock.
            let is_read = ["bookmarks.json", "library/x.json"].contains(&name);
            if is_read {
                assert!(
                    said.contains("not a regular file"),
                    "{name}, {args:?}: {said}"
                );
                assert!(said.contains("left as it is"), "{name}, {args:?}: {said}");
            }
        }
        // Saving over it is refused with the reason; the FIFO stays.
        if name == "bookmarks.json" {
            let output = taiyaku(data, &["mark", SEED, "1"]);
            assert!(!output.status.success(), "{output:?}");
            assert!(stderr(&output).contains("not a regular file"), "{output:?}");
        }
        assert!(
            fs::symlink_metadata(data.join(name))
                .unwrap()
                .file_type()
                .is_fifo(),
            "{name} is left where it was"
        );
    }
}

#[test]
fn links_planted_at_the_temporary_names_are_never_written_through() {
    let folder = TempDir::new("temporary-links");
    let store = Store::new(folder.path().join("data"));
    let library = store.dir().join("library");
    fs::create_dir_all(&library).unwrap();
    let outside = folder.path().join("outside.txt");
    fs::write(&outside, "not taiyaku's").unwrap();
    // The names the writes of this process used to take, one after another.
    let article = common::seed_article();
    for n in 0..64 {
        let name = format!(".{}.json.tmp-{}-{n}", article.id, std::process::id());
        symlink(&outside, library.join(name)).unwrap();
    }
    store.save_article(&article).expect("saved");
    store.save_article(&article).expect("saved again");
    assert_eq!(fs::read_to_string(&outside).unwrap(), "not taiyaku's");
    let saved = library.join(format!("{}.json", article.id));
    assert!(fs::symlink_metadata(&saved).unwrap().is_file());
    assert_eq!(store.article(&article.id), Some(article));
}

#[test]
fn a_linked_lock_file_is_refused_and_its_target_never_made() {
    let folder = TempDir::new("lock-link");
    let data = folder.path().join("data");
    fs::create_dir_all(&data).unwrap();
    let target = folder.path().join("made-through-the-link");
    symlink(&target, data.join("bookmarks.json.lock")).unwrap();
    let output = taiyaku(&data, &["mark", SEED, "1"]);
    assert!(!output.status.success(), "{output:?}");
    let said = stderr(&output);
    assert!(
        said.contains("bookmarks.json.lock") && said.contains("symbolic link"),
        "{said}"
    );
    assert!(!target.exists(), "the lock's link was followed");
    // Reading goes on without the lock.
    let output = taiyaku(&data, &["bookmarks"]);
    assert!(output.status.success(), "{output:?}");
    assert!(!target.exists(), "the lock's link was followed");
}

#[test]
fn what_taiyaku_creates_in_its_folder_is_private() {
    let folder = TempDir::new("private");
    let data = folder.path().join("new/data");
    for args in [
        &["import", SEED][..],
        &["mark", SEED, "2", "--note", "私的"],
    ] {
        let output = taiyaku(&data, args);
        assert!(output.status.success(), "{args:?}: {output:?}");
    }
    Store::new(data.clone())
        .update::<taiyaku::bookmarks::Positions>(|_| {})
        .expect("positions saved");
    for dir in [
        folder.path().join("new"),
        data.clone(),
        data.join("library"),
    ] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    let article = format!("library/{}.json", seed_id());
    for file in [
        "bookmarks.json",
        "bookmarks.json.lock",
        "positions.json",
        "positions.json.lock",
        &article,
    ] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
}

#[test]
fn a_folder_that_was_there_keeps_its_mode() {
    let folder = TempDir::new("kept-mode");
    let data = folder.path().join("data");
    fs::create_dir(&data).unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o750)).unwrap();
    let output = taiyaku(&data, &["mark", SEED, "1"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(mode(&data), 0o750);
    assert_eq!(mode(&data.join("bookmarks.json")), 0o600);
}

#[test]
fn hand_edited_numbers_in_the_bookmarks_are_not_trusted_in_arithmetic() {
    let folder = TempDir::new("numbers");
    let data = folder.path();
    for args in [&["import", SEED][..], &["mark", SEED, "2"]] {
        let output = taiyaku(data, args);
        assert!(output.status.success(), "{args:?}: {output:?}");
    }
    // Three copies of the bookmark: in the library but detached (its text edited away), of an
    // article not in the library, and on a sentence pair past any; each on the largest block.
    let file = data.join("bookmarks.json");
    let mut saved: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    let mark = saved["bookmarks"][0].clone();
    let edited = |id: &str, edit: &dyn Fn(&mut Value)| {
        let mut copy = mark.clone();
        copy["id"] = id.into();
        copy["block"] = u64::MAX.into();
        edit(&mut copy);
        copy
    };
    saved["bookmarks"] = Value::Array(vec![
        edited("detached", &|b| {
            b["fingerprint"] = "0000000000000000".into();
            b["excerpt"] = serde_json::json!({ "en": "Words that are in no paragraph." });
            b.as_object_mut().unwrap().remove("passage");
        }),
        edited("missing", &|b| b["article"]["id"] = "gone".into()),
        edited("pair", &|b| {
            b["article"]["id"] = "gone".into();
            b["sentence"] = u64::MAX.into();
        }),
    ]);
    fs::write(&file, serde_json::to_string(&saved).unwrap()).unwrap();

    let most = u64::MAX.to_string();
    let text = taiyaku(data, &["bookmarks"]);
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(text.status.success(), "{text:?}");
    assert!(!shown.contains("¶0"), "{shown}");
    assert_eq!(stderr(&text), "", "the file is read as it is");
    assert!(shown.contains(&format!("¶{most} · detached")), "{shown}");
    assert!(
        shown.contains(&format!("¶{most} · article not in the library")),
        "{shown}"
    );
    assert!(shown.contains(&format!("sentence pair {most}")), "{shown}");
    let json = taiyaku(data, &["bookmarks", "--format", "json"]);
    assert!(json.status.success(), "{json:?}");
    let exported: Value = serde_json::from_slice(&json.stdout).unwrap();
    for bookmark in exported["bookmarks"].as_array().unwrap() {
        assert_eq!(bookmark["paragraph"], u64::MAX, "{bookmark}");
    }
    let list = taiyaku(data, &["list"]);
    assert!(list.status.success(), "{list:?}");
}
