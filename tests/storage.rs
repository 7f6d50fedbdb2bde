//! Storage that never loses data: the binary killed mid-save, two writers at once, corrupt
//! files, and a folder that cannot be written.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const SEED: &str = "seeds/000_c337ac50f9fe369f.txt";

/// A fresh data folder under the target directory, removed when dropped.
struct DataDir(PathBuf);

impl DataDir {
    fn new(name: &str) -> Self {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("storage-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    fn bookmarks_file(&self) -> PathBuf {
        self.0.join("bookmarks.json")
    }

    fn set_aside_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.0)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains("bookmarks.json.corrupt-"))
            .collect();
        files.sort();
        files
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn taiyaku(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_taiyaku"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TAIYAKU_DATA_DIR", data)
        .env("TAIYAKU_CONFIG_DIR", data);
    command
}

fn mark(data: &Path, paragraph: usize, note: &str) -> Output {
    taiyaku(data)
        .args(["mark", SEED, &paragraph.to_string(), "--note", note])
        .output()
        .unwrap()
}

/// The notes of the bookmarks in the file, read as plain JSON (no taiyaku code involved).
fn notes_on_disk(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let value: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("unparsable after a kill: {e}\n{text}"));
    assert_eq!(value["version"], 1);
    value["bookmarks"]
        .as_array()
        .expect("a list of bookmarks")
        .iter()
        .map(|b| b["note"].as_str().unwrap().to_owned())
        .collect()
}

/// `mark` started with its output discarded, as the killed writers are.
fn spawn_mark(data: &Path, paragraph: usize, note: &str) -> Child {
    taiyaku(data)
        .args(["mark", SEED, &paragraph.to_string(), "--note", note])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// How long uninterrupted saves take on this machine, now: the median of three, each timed
/// from the moment the process is spawned (where a kill's delay starts) to its exit.
fn measured_save(data: &Path, notes: [&str; 3]) -> Duration {
    let mut times = notes.map(|note| {
        let mut child = spawn_mark(data, 1, note);
        let started = Instant::now();
        let status = child.wait().unwrap();
        let elapsed = started.elapsed();
        assert!(status.success(), "an uninterrupted save failed: {status}");
        elapsed
    });
    times.sort();
    times[1]
}

/// A small, repeatable sequence of fractions of a save, from 0 to 1.5 (in thousandths; no
/// randomness crate needed): about two kills in three land before the save is done, the others
/// after it, wherever in the save it is.
fn fractions(count: usize) -> impl Iterator<Item = u32> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count).map(move |_| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        u32::try_from(state % 1_500).unwrap()
    })
}

/// 200 writers, each killed (SIGKILL) after a delay spread over one and a half saves. The delays
/// come from saves timed on the machine the test runs on, again before each round of 20 kills
/// (the saves grow with the file, and the other tests load the machine more or less), so that on
/// a fast or a slow machine some writers finish and some are cut off at every stage of the save.
#[test]
fn a_writer_killed_at_any_moment_leaves_every_completed_bookmark() {
    const KILLS: usize = 200;
    const ROUND: usize = 20;
    let data = DataDir::new("crash");
    let mut completed = Vec::new();
    let mut finished_before_the_kill = 0;
    let mut save = Duration::ZERO;
    let mut saves = Vec::new();
    for (i, fraction) in fractions(KILLS).enumerate() {
        if i % ROUND == 0 {
            let notes = ["a", "b", "c"].map(|n| format!("timed {i}{n}"));
            save = measured_save(&data.0, [&notes[0], &notes[1], &notes[2]]);
            saves.push(save);
            completed.extend(notes);
        }
        let note = format!("save {i}");
        let mut child = spawn_mark(&data.0, i % 12 + 1, &note);
        thread::sleep(save * fraction / 1_000);
        let _ = child.kill(); // SIGKILL, whether or not the save is done
        let status = child.wait().unwrap();
        if status.success() {
            finished_before_the_kill += 1;
            completed.push(note);
        }
        let on_disk = notes_on_disk(&data.bookmarks_file());
        for note in &completed {
            assert!(
                on_disk.contains(note),
                "{note:?} was saved, then lost (after kill {i})"
            );
        }
        assert!(
            data.set_aside_files().is_empty(),
            "a kill corrupted the file (kill {i})"
        );
    }
    let summary = format!(
        "{finished_before_the_kill} of {KILLS} writers finished before their kill; \
         an uninterrupted save took {saves:?}"
    );
    eprintln!("{summary}");
    assert!(
        finished_before_the_kill > 0,
        "no killed writer ever finished: the test proves nothing ({summary})"
    );
    assert!(
        finished_before_the_kill < KILLS,
        "no writer was ever interrupted: the test proves nothing ({summary})"
    );
    // The next save clears what killed writers left behind.
    assert!(mark(&data.0, 1, "last").status.success());
    let leftovers: Vec<_> = std::fs::read_dir(&data.0)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "stray temporary files: {leftovers:?}");
}

#[test]
fn two_writers_at_once_keep_both_sets() {
    let data = DataDir::new("concurrent");
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|name| {
            let dir = data.0.clone();
            thread::spawn(move || {
                for i in 0..100 {
                    let output = mark(&dir, i % 12 + 1, &format!("{name}{i}"));
                    assert!(output.status.success(), "{output:?}");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let notes = notes_on_disk(&data.bookmarks_file());
    assert_eq!(notes.len(), 200, "both writers' bookmarks are kept");
    for name in ["a", "b"] {
        for i in 0..100 {
            assert!(notes.contains(&format!("{name}{i}")), "{name}{i} lost");
        }
    }
}

#[test]
fn corrupt_files_are_kept_aside_and_taiyaku_goes_on() {
    let cases: [(&str, &[u8]); 6] = [
        (
            "truncated",
            b"{\"version\": 1, \"bookmarks\": [{\"id\": \"x\", \"art",
        ),
        ("garbage", b"\x89PNG\r\n\x1a\n not json at all \xff\xfe"),
        ("empty", b""),
        ("newer version", b"{\"version\": 99, \"bookmarks\": []}"),
        ("wrong type", b"{\"version\": 1, \"bookmarks\": {\"a\": 1}}"),
        ("array", b"[1, 2, 3]"),
    ];
    for (name, contents) in cases {
        let data = DataDir::new(&name.replace(' ', "-"));
        std::fs::write(data.bookmarks_file(), contents).unwrap();

        let listed = taiyaku(&data.0).arg("bookmarks").output().unwrap();
        assert!(listed.status.success(), "{name}: {listed:?}");
        let stderr = String::from_utf8_lossy(&listed.stderr);
        assert!(
            stderr.contains("could not be read") && stderr.contains("kept as"),
            "{name}: {stderr}"
        );
        assert_eq!(
            String::from_utf8_lossy(&listed.stdout),
            "no bookmarks\n",
            "{name}"
        );

        let aside = data.set_aside_files();
        assert_eq!(aside.len(), 1, "{name}");
        assert_eq!(
            std::fs::read(&aside[0]).unwrap(),
            contents,
            "{name}: kept byte for byte"
        );

        assert!(
            mark(&data.0, 2, "after").status.success(),
            "{name}: taiyaku goes on"
        );
        assert_eq!(notes_on_disk(&data.bookmarks_file()), ["after"], "{name}");

        // A second corruption is kept beside the first, never over it.
        std::fs::write(data.bookmarks_file(), b"{broken again").unwrap();
        assert!(mark(&data.0, 3, "again").status.success());
        assert_eq!(data.set_aside_files().len(), 2, "{name}");
        assert_eq!(
            std::fs::read(&data.set_aside_files()[0]).unwrap(),
            contents,
            "{name}"
        );
    }
}

#[test]
fn an_unwritable_folder_gives_a_clear_error() {
    let data = DataDir::new("unwritable");
    let blocker = data.0.join("not-a-folder");
    std::fs::write(&blocker, "a file where the data folder should be").unwrap();
    let output = mark(&blocker.join("data"), 1, "x");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("taiyaku: saving the bookmark:"),
        "{stderr}"
    );
}

#[test]
fn export_formats_and_the_library() {
    let data = DataDir::new("export");
    assert!(mark(&data.0, 3, "Kommersant — 面白い").status.success());
    let json = taiyaku(&data.0)
        .args(["bookmarks", "--format", "json"])
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["bookmarks"][0]["block"], 2);
    assert_eq!(value["bookmarks"][0]["paragraph"], 3);
    assert_eq!(
        value["bookmarks"][0]["state"], "attached",
        "the seed is in the library"
    );
    let markdown = taiyaku(&data.0)
        .args(["bookmarks", "--format", "markdown"])
        .output()
        .unwrap();
    let markdown = String::from_utf8(markdown.stdout).unwrap();
    assert!(markdown.contains("## Strategy and Tactics"), "{markdown}");
    assert!(
        markdown.contains("> Yet, the influential Russian newspaper"),
        "{markdown}"
    );
    assert!(markdown.contains("Note: Kommersant — 面白い"), "{markdown}");

    let fixture = "tests/fixtures/jitow_full.txt";
    for _ in 0..2 {
        let imported = taiyaku(&data.0).args(["import", fixture]).output().unwrap();
        assert!(imported.status.success(), "{imported:?}");
    }
    let list = taiyaku(&data.0).arg("list").output().unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert_eq!(
        list.matches("imported").count(),
        1,
        "importing twice keeps one copy:\n{list}"
    );
    assert!(list.contains("(12 paragraphs, 1 bookmarks)"), "{list}");
}

/// Two readers open on the same data folder, each bookmarking through the effects the event
/// loop carries out: each sees the other's bookmarks after its next save, and none is lost.
#[test]
fn two_open_readers_saving_through_their_effects_keep_each_others_bookmarks() {
    use taiyaku::app::{Action, App, update};
    use taiyaku::bookmarks::{Bookmarks, Positions};
    use taiyaku::keymap::Command;
    use taiyaku::store::Store;

    let data = DataDir::new("two-readers");
    let store = Store::new(data.0.clone());
    let open = || {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
        let article = taiyaku::import::import_path(&path, None).unwrap().article;
        let (bookmarks, _) = store.load::<Bookmarks>();
        App::new(
            taiyaku::config::defaults(true),
            Vec::new(),
            Some(article),
            (100, 30),
        )
        .with_saved(bookmarks, Positions::default(), Vec::new())
    };
    let mut first = open();
    let mut second = open();
    let press = |app: &mut App, commands: &[Command]| {
        for &command in commands {
            update(app, Action::Command(command));
            for effect in std::mem::take(&mut app.effects) {
                let stored = taiyaku::effects::perform(Some(&store), effect);
                update(app, Action::Stored(stored));
            }
        }
    };
    press(&mut first, &[Command::ToggleBookmark]);
    press(
        &mut second,
        &[Command::NextParagraph, Command::ToggleBookmark],
    );
    press(
        &mut first,
        &[
            Command::NextParagraph,
            Command::NextParagraph,
            Command::ToggleBookmark,
        ],
    );
    assert_eq!(
        first.bookmarks.bookmarks.len(),
        3,
        "the first reader sees the second's"
    );
    assert_eq!(store.load::<Bookmarks>().0.bookmarks.len(), 3);
    let blocks: Vec<usize> = store
        .load::<Bookmarks>()
        .0
        .bookmarks
        .iter()
        .map(|b| b.block)
        .collect();
    assert_eq!(blocks, [0, 1, 2]);
    assert!(
        data.0.join("positions.json").exists(),
        "positions are saved too"
    );
}
