//! UAX #14 conformance: Unicode's `LineBreakTest` 15.0 (`tests/data`, the Unicode version of
//! `unicode-linebreak`) against the untailored break path, `unicode-linebreak`, whose few
//! deviations are listed by rule and test line; and against the wrapper's `tailored_breaks`, each
//! of whose differences from the untailored path is one of the Japanese tailorings, listed by
//! test line. A new difference, or one gone, fails.

use std::collections::BTreeMap;

use taiyaku::text::wrap::{is_cjk, is_no_end, is_no_start, tailored_breaks};
use unicode_linebreak::{BreakClass, break_property, linebreaks};

const TEST_FILE: &str = include_str!("data/LineBreakTest-15.0.0.txt");

/// One test of the file: its line number, its text, and the offsets a line may end at.
struct Case {
    line: usize,
    text: String,
    breaks: Vec<usize>,
}

fn cases() -> Vec<Case> {
    TEST_FILE
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let body = line.split('#').next().unwrap_or("").trim();
            (!body.is_empty()).then(|| parse(i + 1, body))
        })
        .collect()
}

/// `× 0023 ÷ 0020 ÷` → the text `# ` and its breaks (after the first character: a line never
/// ends before its text).
fn parse(line: usize, body: &str) -> Case {
    let mut text = String::new();
    let mut breaks = Vec::new();
    for token in body.split_whitespace() {
        match token {
            "÷" if !text.is_empty() => breaks.push(text.len()),
            "÷" | "×" => {}
            hex => {
                let code = u32::from_str_radix(hex, 16).expect("a code point");
                text.push(char::from_u32(code).expect("a scalar value"));
            }
        }
    }
    Case { line, text, breaks }
}

fn untailored(text: &str) -> Vec<usize> {
    linebreaks(text).map(|(at, _)| at).collect()
}

fn tailored(text: &str) -> Vec<usize> {
    tailored_breaks(text)
        .into_iter()
        .map(|(at, _)| at)
        .collect()
}

/// The offsets in one list of breaks and not the other.
fn differences(a: &[usize], b: &[usize]) -> Vec<usize> {
    let mut only: Vec<usize> = a.iter().chain(b).copied().collect();
    only.retain(|at| a.contains(at) != b.contains(at));
    only.sort_unstable();
    only.dedup();
    only
}

/// Where `unicode-linebreak` 0.1.5 departs from `LineBreakTest` 15.0: the rules it implements
/// otherwise, each with the test lines it decides.
const UNTAILORED_DEVIATIONS: &[(&str, &[usize])] = &[
    (
        // The test file tailors numbers as UAX #14's Example 7 (a regular expression); the crate
        // keeps LB25's pairs (`} %`, `, 0`, `% (`, `\ (`, `a.2 `).
        "LB25 numbers",
        &[
            1161, 1163, 1165, 1167, 2873, 2875, 4473, 4475, 4645, 4647, 5109, 5111, 6149, 6151,
            6153, 6155, 7477, 7486, 7491, 7576, 7577, 7578, 7579, 7580, 7581, 7583, 7584, 7585,
            7586, 7587,
        ],
    ),
    (
        // LB30 keeps text to an opening bracket only if it is not East Asian wide; the crate
        // keeps it to `〈` (U+2329) and `（` too.
        "LB30 wide opening brackets",
        &[
            125, 127, 815, 1331, 2189, 2191, 3567, 3739, 4081, 4083, 4425, 4427, 4597, 4599, 4943,
            5459, 6489, 6491, 6663, 6833, 6835, 7005, 7007, 7177, 7179, 7604, 7610, 7611,
        ],
    ),
    (
        // LB30b keeps an emoji modifier to an unassigned pictographic code point too.
        "LB30b unassigned pictographs",
        &[7681],
    ),
];

/// The character just before `at`, and just after it.
fn around(text: &str, at: usize) -> (Option<char>, Option<char>) {
    (text[..at].chars().next_back(), text[at..].chars().next())
}

/// Whether a deviation at `at` is one the rule named explains: it is next to the characters
/// the rule is about.
fn rule_applies(rule: &str, text: &str, at: usize) -> bool {
    let class = |c: Option<char>| c.map(|c| break_property(u32::from(c)));
    let (_, after) = around(text, at);
    // LB9: a combining mark takes the class of what it follows.
    let before = text[..at]
        .chars()
        .rev()
        .find(|&c| class(Some(c)) != Some(BreakClass::CombiningMark));
    match rule {
        "LB25 numbers" => {
            let numeric = |c: Option<char>| {
                matches!(
                    class(c),
                    Some(
                        BreakClass::Numeric
                            | BreakClass::Prefix
                            | BreakClass::Postfix
                            | BreakClass::InfixSeparator
                            | BreakClass::Symbol
                    )
                )
            };
            numeric(before) || numeric(after)
        }
        "LB30 wide opening brackets" => matches!(after, Some('\u{2329}' | '（')),
        "LB30b unassigned pictographs" => {
            class(after) == Some(BreakClass::EmojiModifier)
                && before.is_some_and(|c| ('\u{1F000}'..='\u{1FAFF}').contains(&c))
        }
        _ => false,
    }
}

#[test]
fn the_test_file_is_read_whole() {
    let cases = cases();
    assert_eq!(cases.len(), 7654);
    assert!(TEST_FILE.starts_with("# LineBreakTest-15.0.0.txt"));
    assert_eq!(unicode_linebreak::UNICODE_VERSION, (15, 0, 0));
    let first = &cases[0];
    assert_eq!((first.line, first.text.as_str()), (29, "##"));
    assert_eq!(first.breaks, [2]);
}

#[test]
fn the_untailored_path_departs_from_line_break_test_only_where_listed() {
    let mut found: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for case in cases() {
        let wrong = differences(&untailored(&case.text), &case.breaks);
        if wrong.is_empty() {
            continue;
        }
        let listed = UNTAILORED_DEVIATIONS
            .iter()
            .find(|(_, lines)| lines.contains(&case.line));
        match listed {
            Some((rule, _)) if wrong.iter().all(|&at| rule_applies(rule, &case.text, at)) => {
                found.entry(rule).or_default().push(case.line);
            }
            _ => unexplained.push((case.line, case.text)),
        }
    }
    assert!(
        unexplained.is_empty(),
        "unlisted deviations: {unexplained:?}"
    );
    let listed: BTreeMap<&str, Vec<usize>> = UNTAILORED_DEVIATIONS
        .iter()
        .map(|&(rule, lines)| (rule, lines.to_vec()))
        .collect();
    assert_eq!(found, listed, "a listed deviation is gone");
}

/// The Japanese tailorings of UAX #14 that `tailored_breaks` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tailoring {
    /// Kinsoku: no break before a character that may not start a line (here small kana, which
    /// UAX #14 lets a line start with after a space, a ZWSP or an object).
    NoLineStart,
    /// Kinsoku: no break after an opening bracket.
    NoLineEnd,
    /// The Japanese layout requirements: a break before a run of leaders (`…`) that follows a CJK character.
    BeforeLeaders,
}

/// Which tailoring a difference of `tailored_breaks` from the untailored path at `at` is.
fn tailoring_at(text: &str, at: usize, tailored_has_it: bool) -> Option<Tailoring> {
    let (before, after) = around(text, at);
    let (before, after) = (before?, after?);
    if tailored_has_it {
        (matches!(after, '…' | '‥') && is_cjk(before)).then_some(Tailoring::BeforeLeaders)
    } else if is_no_start(after) {
        Some(Tailoring::NoLineStart)
    } else if is_no_end(before) {
        Some(Tailoring::NoLineEnd)
    } else {
        None
    }
}

/// Each tailoring with the test lines it changes.
const TAILORED_LINES: &[(Tailoring, &[usize])] = &[
    (
        Tailoring::NoLineStart,
        &[
            198, 200, 370, 372, 542, 544, 714, 716, 886, 888, 1057, 1058, 1059, 1060, 1402, 1404,
            1574, 1576, 1746, 1748, 1918, 1920, 2090, 2092, 2262, 2264, 2434, 2436, 2606, 2608,
            2778, 2780, 2950, 2952, 3122, 3124, 3294, 3296, 3466, 3468, 3638, 3640, 3810, 3812,
            3982, 3984, 4154, 4156, 4498, 4500, 4670, 4672, 4842, 4844, 5013, 5014, 5016, 5186,
            5188, 5358, 5360, 5529, 5530, 5532, 5702, 5704, 5874, 5876, 6046, 6048, 6562, 6564,
            6734, 6736, 6906, 6908, 7078, 7080, 7250, 7252, 7422, 7424, 7440,
        ],
    ),
    (Tailoring::BeforeLeaders, &[7650]),
];

#[test]
fn the_tailored_breaks_differ_from_the_untailored_only_by_the_listed_tailorings() {
    let mut found: BTreeMap<Tailoring, Vec<usize>> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for case in cases() {
        let ours = tailored(&case.text);
        let mut kinds: Vec<Tailoring> = Vec::new();
        for at in differences(&ours, &untailored(&case.text)) {
            match tailoring_at(&case.text, at, ours.contains(&at)) {
                Some(kind) => kinds.push(kind),
                None => unexplained.push((case.line, case.text.clone(), at)),
            }
        }
        kinds.sort_unstable();
        kinds.dedup();
        for kind in kinds {
            found.entry(kind).or_default().push(case.line);
        }
    }
    assert!(
        unexplained.is_empty(),
        "untailored differences: {unexplained:?}"
    );
    let listed: BTreeMap<Tailoring, Vec<usize>> = TAILORED_LINES
        .iter()
        .map(|&(kind, lines)| (kind, lines.to_vec()))
        .collect();
    assert_eq!(found, listed);
}

#[test]
fn every_other_line_of_the_test_passes_as_tailored() {
    // The lines neither list names give the test file's breaks exactly.
    let listed = |line: usize| {
        let mut lists = UNTAILORED_DEVIATIONS
            .iter()
            .map(|(_, lines)| *lines)
            .chain(TAILORED_LINES.iter().map(|(_, lines)| *lines));
        lists.any(|lines| lines.contains(&line))
    };
    let failing: Vec<usize> = cases()
        .into_iter()
        .filter(|case| !listed(case.line) && tailored(&case.text) != case.breaks)
        .map(|case| case.line)
        .collect();
    assert!(failing.is_empty(), "lines {failing:?}");
}

#[test]
fn the_checks_see_a_wrong_break() {
    // A break added where UAX #14 has none (inside `ab`) is no tailoring; one removed before
    // small kana is.
    assert_eq!(tailoring_at("ab", 1, true), None);
    assert_eq!(tailoring_at(" ぁ", 1, false), Some(Tailoring::NoLineStart));
    assert_eq!(tailoring_at("「a", 3, false), Some(Tailoring::NoLineEnd));
    assert!(!rule_applies("LB30 wide opening brackets", "a(", 1));
    assert_eq!(differences(&[1, 3], &[3, 4]), [1, 4]);
}
