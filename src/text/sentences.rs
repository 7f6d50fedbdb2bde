//! Sentence splitting, English and Japanese, for aligning the two sides of a paragraph.
//!
//! Each function gives a paragraph's sentences as byte ranges of its text: in order, not
//! overlapping, on char boundaries, trimmed of whitespace (so never empty), and together holding
//! every non-whitespace character. Line breaks are spaces; text without a stop is one sentence.
//!
//! English ends a sentence after `.`, `?` or `!` (and any closing quotes and brackets right after
//! them) when whitespace and a likely sentence start follow: a capital, a digit, a letter of a
//! script without case (Japanese in English text), or an opening quote or bracket before one.
//! Not after an ellipsis (`...`, `…`), nor inside a pair of brackets (`(…)`, `[…]`, `{…}`) unless
//! brackets right after the stop close it (`(See below.) Then` splits after the `)`), nor after
//! an abbreviation: a title before a name (`Mr.`, `Dr.`, `St.`, `Mt.`, `Prof.`, `Jr.`, …),
//! `e.g.`, `i.e.`, `vs.`, `cf.`, `Vol.`, `pp.`, a number's label before a number (`No. 1`,
//! `no. 3`, `p. 12`, `A.D. 794`), an initial (`J. R. R. Tolkien`) or capitals with stops
//! (`U.S.`, `U.K.`) unless a word that starts sentences rather than names follows (`Group C.
//! And`, `the U.S. The`). `etc.`, `a.m.` and `p.m.` end a sentence before a capital only: before
//! a lowercase word nothing does. A stop between digits (`3.14`) is never followed by
//! whitespace, so it never splits.
//!
//! Japanese ends a sentence after `。`, `！`, `？`, `!`, `?`, `．` (not between digits) or `｡`, and
//! any stops, closing brackets and quotes right after them, but never inside a pair of brackets
//! or quotes (`「」`, `『』`, `（）`, `()`, `【】`, `“”`, …): `「行こう。」と彼は言った。` is one
//! sentence, and so is `「行こう。」`.
//!
//! Brackets pair up as they nest; an opening bracket that is never closed (or is cut off by the
//! closing of an outer one) and a stray closing one are ordinary characters, so one stray `「`
//! does not hide the stops of the rest of a paragraph.
//!
//! Both run in linear time and never panic, whatever the text (Latin words in Japanese, Japanese
//! in English, controls).
//!
//! Known limits: a sentence that starts in lowercase (`iPhone`, `de Gaulle`) is not split from
//! the one before; nor one after an ellipsis, a title that ends a sentence (`on Main St. It`), or
//! an initial before a name-like word (`World War I. Japan`); `Yahoo! Japan` is split; and a
//! stop inside brackets never ends a sentence, even where the brackets hold several. Japanese
//! runs of unpunctuated items (lists, headings joined into a paragraph) stay one sentence, and a
//! quotation followed by a new sentence without a stop (`「行こう。」「うん。」`) is one.

use std::ops::Range;

/// The sentences of an English paragraph, as byte ranges of `text` (trimmed of surrounding
/// spaces, never empty, in order, not overlapping).
pub fn english(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let paired = paired(&chars, ENGLISH_PAIRS);
    let mut starts = Vec::new();
    let mut depth = 0_usize;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if paired[k] {
            depth = step(depth, c, ENGLISH_PAIRS);
            k += 1;
            continue;
        }
        if !matches!(c, '.' | '?' | '!') {
            k += 1;
            continue;
        }
        let stops = k;
        k += 1;
        while k < chars.len() && matches!(chars[k].1, '.' | '?' | '!' | '…') {
            k += 1;
        }
        let run = &chars[stops..k];
        let ellipsis = run.iter().any(|&(_, c)| c == '…')
            || run.windows(2).any(|w| w[0].1 == '.' && w[1].1 == '.');
        while k < chars.len() && is_english_closer(chars[k].1) {
            if paired[k] {
                depth = step(depth, chars[k].1, ENGLISH_PAIRS);
            }
            k += 1;
        }
        if ellipsis || depth > 0 {
            continue;
        }
        let after = skip_whitespace(&chars, k);
        if after == k || after == chars.len() || !starts_sentence(&chars[after..]) {
            continue;
        }
        if run.len() == 1 && run[0].1 == '.' {
            let word = word_before(text, &chars, stops);
            if is_abbreviation(word, chars[after..].iter().map(|&(_, c)| c)) {
                continue;
            }
        }
        starts.push(chars[after].0);
    }
    ranges(text, &starts)
}

/// The sentences of a Japanese paragraph, as byte ranges of `text` (trimmed of surrounding
/// spaces, never empty, in order, not overlapping).
pub fn japanese(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let paired = paired(&chars, JAPANESE_PAIRS);
    let mut starts = Vec::new();
    let mut depth = 0_usize;
    let mut k = 0;
    while k < chars.len() {
        if paired[k] {
            depth = step(depth, chars[k].1, JAPANESE_PAIRS);
            k += 1;
            continue;
        }
        if depth > 0 || !is_japanese_stop(&chars, k) {
            k += 1;
            continue;
        }
        k += 1;
        while k < chars.len()
            && !paired[k]
            && (is_japanese_stop(&chars, k) || is_japanese_closer(chars[k].1))
        {
            k += 1;
        }
        k = skip_whitespace(&chars, k);
        if k < chars.len() {
            starts.push(chars[k].0);
        }
    }
    ranges(text, &starts)
}

/// Brackets that pair up in English text. Quotes do not: `"` and `'` both open and close, and
/// `’` is an apostrophe as often as a quote.
const ENGLISH_PAIRS: &[(char, char)] = &[('(', ')'), ('[', ']'), ('{', '}')];

/// Brackets and quotes that pair up in Japanese text, full-width and half-width.
const JAPANESE_PAIRS: &[(char, char)] = &[
    ('「', '」'),
    ('『', '』'),
    ('（', '）'),
    ('(', ')'),
    ('［', '］'),
    ('[', ']'),
    ('【', '】'),
    ('〔', '〕'),
    ('〈', '〉'),
    ('《', '》'),
    ('｛', '｝'),
    ('{', '}'),
    ('〖', '〗'),
    ('〘', '〙'),
    ('〚', '〛'),
    ('“', '”'),
    ('｢', '｣'),
];

/// Which characters are brackets that pair up: a closing bracket pairs with the nearest open
/// bracket of its kind, and closes (unpaired) any opened inside that one since. Linear: each
/// open bracket is pushed once, and a search down the stack only starts when it will succeed,
/// and pops all it passes.
fn paired(chars: &[(usize, char)], pairs: &[(char, char)]) -> Vec<bool> {
    let mut paired = vec![false; chars.len()];
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut open_of_kind = vec![0_usize; pairs.len()];
    for (k, &(_, c)) in chars.iter().enumerate() {
        if let Some(kind) = pairs.iter().position(|&(o, _)| o == c) {
            open.push((k, kind));
            open_of_kind[kind] += 1;
        } else if let Some(kind) = pairs.iter().position(|&(_, close)| close == c) {
            if open_of_kind[kind] == 0 {
                continue;
            }
            while let Some((at, top)) = open.pop() {
                open_of_kind[top] -= 1;
                if top == kind {
                    paired[at] = true;
                    paired[k] = true;
                    break;
                }
            }
        }
    }
    paired
}

/// The depth after a paired bracket `c`.
fn step(depth: usize, c: char, pairs: &[(char, char)]) -> usize {
    if pairs.iter().any(|&(o, _)| o == c) {
        depth + 1
    } else {
        depth.saturating_sub(1)
    }
}

fn skip_whitespace(chars: &[(usize, char)], mut k: usize) -> usize {
    while k < chars.len() && chars[k].1.is_whitespace() {
        k += 1;
    }
    k
}

/// Quotes and brackets that may close a sentence after its stop.
fn is_english_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»' | '›' | '」' | '』' | '）'
    )
}

/// Quotes and brackets that may open a sentence before its first word.
fn is_english_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '«' | '‹' | '「' | '『' | '（'
    )
}

/// Whether the text (after a stop and whitespace) starts like a sentence: a capital, a digit or
/// a letter without case, maybe after opening quotes and brackets.
fn starts_sentence(rest: &[(usize, char)]) -> bool {
    let first = rest
        .iter()
        .map(|&(_, c)| c)
        .find(|&c| !is_english_opener(c));
    first.is_some_and(|c| {
        c.is_uppercase() || c.is_numeric() || (c.is_alphabetic() && !c.is_lowercase())
    })
}

/// The word that ends at the stop `chars[stop]`: back to whitespace, without opening quotes or
/// brackets.
fn word_before<'t>(text: &'t str, chars: &[(usize, char)], stop: usize) -> &'t str {
    let mut start = stop;
    while start > 0 && !chars[start - 1].1.is_whitespace() {
        start -= 1;
    }
    text[chars[start].0..chars[stop].0].trim_start_matches(is_english_opener)
}

/// Abbreviations after which a stop never ends a sentence (titles before a name, Latin ones).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Drs", "Prof", "St", "Ste", "Mt", "Mts", "Jr", "Sr",
    "Rev", "Fr", "Gen", "Col", "Lt", "Capt", "Cmdr", "Sgt", "Maj", "Gov", "Sen", "Rep", "Hon",
    "Pres", "Ft", "vs", "v", "e.g", "i.e", "cf", "viz", "Vol", "vol", "Vols", "vols", "pp",
    "approx", "Approx", "ca", "c", "Fig", "Figs", "fig", "figs", "Eq", "eq",
];

/// Labels after which a stop does not end a sentence when a number follows.
const NUMBER_LABELS: &[&str] = &[
    "No", "no", "Nos", "nos", "Nr", "nr", "p", "Art", "art", "Ch", "ch", "Chap", "chap", "Sec",
    "sec", "Op", "op", "A.D", "B.C", "B.C.E", "C.E", "AD", "BC",
];

/// Whether `word.` is an abbreviation that does not end a sentence before `rest`.
fn is_abbreviation(word: &str, mut rest: impl Iterator<Item = char>) -> bool {
    if ABBREVIATIONS.contains(&word) {
        return true;
    }
    if NUMBER_LABELS.contains(&word) {
        return rest
            .find(|c| !c.is_whitespace())
            .is_some_and(char::is_numeric);
    }
    // An initial, or capitals with stops (`J.`, `U.S.`, `J.R.R.`), unless a word follows that
    // starts sentences rather than names.
    let initials = word.split('.').all(|part| {
        let mut letters = part.chars();
        letters.next().is_some_and(char::is_uppercase) && letters.next().is_none()
    });
    initials && {
        let next: String = rest
            .skip_while(|&c| c.is_whitespace() || is_english_opener(c))
            .take_while(|c| c.is_alphabetic())
            .collect();
        !SENTENCE_OPENERS.split(' ').any(|opener| opener == next)
    }
}

/// Words that often start a sentence and seldom follow an initial: `Group C. And then`,
/// `the U.S. The`.
const SENTENCE_OPENERS: &str = "\
    The An And But Or So Yet It Its He She They We You His Her Their Our This That These Those \
    There Here In On At For From With By As After Before When While However Also Then Thus If \
    Since Although Because During Later Today Some Many Most Other Others According Furthermore \
    Moreover Meanwhile";

fn is_japanese_closer(c: char) -> bool {
    JAPANESE_PAIRS.iter().any(|&(_, close)| close == c) || matches!(c, '’' | '"' | '\'')
}

/// Whether `chars[k]` ends a Japanese sentence: `．` does unless it stands between digits.
fn is_japanese_stop(chars: &[(usize, char)], k: usize) -> bool {
    match chars[k].1 {
        '。' | '！' | '？' | '!' | '?' | '｡' | '‼' | '⁇' | '⁈' | '⁉' => true,
        '．' => {
            let digit = |k: Option<usize>| {
                k.and_then(|k| chars.get(k))
                    .is_some_and(|&(_, c)| c.is_numeric())
            };
            !(digit(k.checked_sub(1)) && digit(Some(k + 1)))
        }
        _ => false,
    }
}

/// The sentences between the starts: from the text's start to the first, from each to the
/// next, and from the last to the end, each trimmed; the blank ones dropped.
fn ranges(text: &str, starts: &[usize]) -> Vec<Range<usize>> {
    let ends = starts.iter().copied().chain([text.len()]);
    let begins = [0].into_iter().chain(starts.iter().copied());
    begins
        .zip(ends)
        .filter_map(|(begin, end)| {
            let piece = &text[begin..end];
            let start = begin + (piece.len() - piece.trim_start().len());
            let end = begin + piece.trim_end().len();
            (start < end).then_some(start..end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn en(text: &str) -> Vec<&str> {
        english(text).into_iter().map(|r| &text[r]).collect()
    }

    fn ja(text: &str) -> Vec<&str> {
        japanese(text).into_iter().map(|r| &text[r]).collect()
    }

    // ---- English ---------------------------------------------------------------------------

    #[test]
    fn english_splits_after_stops_before_a_sentence_start() {
        assert_eq!(
            en("It rained. We stayed in? Yes! Then 1868 came."),
            ["It rained.", "We stayed in?", "Yes!", "Then 1868 came."]
        );
        assert_eq!(
            en("It ended in 794. 1200 years on."),
            ["It ended in 794.", "1200 years on."]
        );
        assert_eq!(en("Really?! No."), ["Really?!", "No."]);
        assert_eq!(
            en("The town is 京都. 京都 is old."),
            ["The town is 京都.", "京都 is old."],
            "a letter without case starts a sentence"
        );
    }

    #[test]
    fn english_needs_space_and_a_likely_start() {
        assert_eq!(en("See x.com and y.org now."), ["See x.com and y.org now."]);
        assert_eq!(en("He asked why? and left."), ["He asked why? and left."]);
        assert_eq!(en("\"Why?\" he asked."), ["\"Why?\" he asked."]);
        assert_eq!(en("One.Two."), ["One.Two."]);
    }

    #[test]
    fn english_titles_before_a_name() {
        for title in [
            "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Mt.", "Prof.", "Jr.", "Sr.", "Gen.",
        ] {
            let text = format!("We met {title} Smith there. He left.");
            assert_eq!(en(&text).len(), 2, "{text}");
        }
        assert_eq!(
            en("Climb Mt. Hiei with Dr. Sato. It is high."),
            ["Climb Mt. Hiei with Dr. Sato.", "It is high."]
        );
        assert_eq!(
            en("Martin Luther King Jr. Day is a holiday."),
            ["Martin Luther King Jr. Day is a holiday."]
        );
    }

    #[test]
    fn english_latin_abbreviations() {
        assert_eq!(
            en("Cities, e.g. Kyoto, grew."),
            ["Cities, e.g. Kyoto, grew."]
        );
        assert_eq!(
            en("The capital, i.e. Heian-kyo, moved."),
            ["The capital, i.e. Heian-kyo, moved."]
        );
        assert_eq!(
            en("Taira vs. Minamoto was long."),
            ["Taira vs. Minamoto was long."]
        );
        assert_eq!(en("Built c. 1200 by monks."), ["Built c. 1200 by monks."]);
        assert_eq!(en("Approx. 55% live here."), ["Approx. 55% live here."]);
        assert_eq!(
            en("Tea, rice, etc. were sold. Fish etc. Then salt."),
            ["Tea, rice, etc. were sold.", "Fish etc.", "Then salt."],
            "etc. ends a sentence before a capital"
        );
    }

    #[test]
    fn english_number_labels_before_a_number() {
        assert_eq!(
            en("See No. 1 and no. 3 here."),
            ["See No. 1 and no. 3 here."]
        );
        assert_eq!(
            en("Read Vol. 2, pp. 10-12, p. 7."),
            ["Read Vol. 2, pp. 10-12, p. 7."]
        );
        assert_eq!(
            en("Founded A.D. 794 in Kyoto."),
            ["Founded A.D. 794 in Kyoto."]
        );
        assert_eq!(
            en("He said no. No one came."),
            ["He said no.", "No one came."],
            "a label ends a sentence before a word"
        );
    }

    #[test]
    fn english_capitals_with_stops() {
        assert_eq!(
            en("The U.S. Army and the U.K. Navy met."),
            ["The U.S. Army and the U.K. Navy met."]
        );
        assert_eq!(
            en("He flew to the U.S. and back."),
            ["He flew to the U.S. and back."]
        );
    }

    #[test]
    fn english_a_m_and_p_m() {
        assert_eq!(
            en("At 9 a.m. the gate opens."),
            ["At 9 a.m. the gate opens."]
        );
        assert_eq!(
            en("It opens at 9 p.m. Come early."),
            ["It opens at 9 p.m.", "Come early."]
        );
    }

    #[test]
    fn english_initials() {
        assert_eq!(
            en("J. R. R. Tolkien wrote it. He was old."),
            ["J. R. R. Tolkien wrote it.", "He was old."]
        );
        assert_eq!(
            en("ISHIGOOKA K. said so. Others agreed."),
            ["ISHIGOOKA K. said so.", "Others agreed."]
        );
        assert_eq!(
            en("A poem by Matsuo B. Basho. It is short."),
            ["A poem by Matsuo B. Basho.", "It is short."]
        );
        assert_eq!(en("By J.R.R. Tolkien."), ["By J.R.R. Tolkien."]);
        assert_eq!(
            en("All but Group C. And then some."),
            ["All but Group C.", "And then some."],
            "a word that starts sentences, not names"
        );
        assert_eq!(
            en("He left the U.S. The end."),
            ["He left the U.S.", "The end."]
        );
        assert_eq!(en("Ask J. A. Smith."), ["Ask J. A. Smith."]);
    }

    #[test]
    fn english_decimals_and_ellipses() {
        assert_eq!(
            en("Pi is 3.14 and e is 2.72. Both are real."),
            ["Pi is 3.14 and e is 2.72.", "Both are real."]
        );
        assert_eq!(
            en("It was 4.5 km. Then 2.2 km."),
            ["It was 4.5 km.", "Then 2.2 km."]
        );
        assert_eq!(
            en("He waited... Then he left."),
            ["He waited... Then he left."]
        );
        assert_eq!(en("He waited… Then he left."), ["He waited… Then he left."]);
        assert_eq!(en("Why?… Nobody knew."), ["Why?… Nobody knew."]);
    }

    #[test]
    fn english_closing_quotes_and_brackets_stay_with_the_sentence() {
        assert_eq!(
            en("He said \"Stop.\" Then he left."),
            ["He said \"Stop.\"", "Then he left."]
        );
        assert_eq!(
            en("He said “Stop.” Then he left."),
            ["He said “Stop.”", "Then he left."]
        );
        assert_eq!(
            en("She asked 'Why?' Nobody knew."),
            ["She asked 'Why?'", "Nobody knew."]
        );
        assert_eq!(en("(See below.)"), ["(See below.)"]);
        assert_eq!(
            en("It is old. (See below.) It is big."),
            ["It is old.", "(See below.)", "It is big."]
        );
        assert_eq!(
            en("It burned (in 1788.) Then it was rebuilt."),
            ["It burned (in 1788.)", "Then it was rebuilt."]
        );
    }

    #[test]
    fn english_does_not_split_inside_brackets() {
        assert_eq!(
            en("The temple (rebuilt in 1600. It is now a museum) stands. It is red."),
            [
                "The temple (rebuilt in 1600. It is now a museum) stands.",
                "It is red."
            ]
        );
        assert_eq!(
            en("A stray ( bracket. Does not hide this."),
            ["A stray ( bracket.", "Does not hide this."],
            "an unclosed bracket is an ordinary character"
        );
        assert_eq!(en("A stray ) one. Too."), ["A stray ) one.", "Too."]);
    }

    #[test]
    fn english_a_sentence_may_start_with_a_quote_or_bracket() {
        assert_eq!(
            en("He left. \"Stop,\" she said."),
            ["He left.", "\"Stop,\" she said."]
        );
        assert_eq!(
            en("He left. (He came back.)"),
            ["He left.", "(He came back.)"]
        );
        assert_eq!(
            en("He left. \"and then\" she said."),
            ["He left. \"and then\" she said."]
        );
    }

    #[test]
    fn english_newlines_are_spaces_and_ranges_are_trimmed() {
        let text = "  One line.\nTwo\nlines.  \n";
        assert_eq!(en(text), ["One line.", "Two\nlines."]);
        assert_eq!(english(text)[0], 2..11);
        assert_eq!(en("No stop at all"), ["No stop at all"]);
        assert_eq!(en("   "), Vec::<&str>::new());
        assert_eq!(en(""), Vec::<&str>::new());
    }

    // ---- Japanese --------------------------------------------------------------------------

    #[test]
    fn japanese_splits_after_stops() {
        assert_eq!(
            ja("雨が降った。家にいた！本当？うん。"),
            ["雨が降った。", "家にいた！", "本当？", "うん。"]
        );
        assert_eq!(ja("本当!?うそ?ええ!"), ["本当!?", "うそ?", "ええ!"]);
        assert_eq!(ja("本当！？うん。。"), ["本当！？", "うん。。"]);
        assert_eq!(ja("第一に．第二に．"), ["第一に．", "第二に．"]);
        assert_eq!(ja("半角の句点｡次｡"), ["半角の句点｡", "次｡"]);
    }

    #[test]
    fn japanese_full_width_stop_between_digits_is_a_decimal() {
        assert_eq!(
            ja("長さは４．５キロ。幅は2．2キロ。"),
            ["長さは４．５キロ。", "幅は2．2キロ。"]
        );
        assert_eq!(ja("4.5kmの道。"), ["4.5kmの道。"]);
    }

    #[test]
    fn japanese_never_splits_inside_brackets_or_quotes() {
        assert_eq!(
            ja("「行こう。」と彼は言った。"),
            ["「行こう。」と彼は言った。"]
        );
        assert_eq!(ja("「行こう。」"), ["「行こう。」"]);
        assert_eq!(
            ja("『本。題。』を読んだ。次。"),
            ["『本。題。』を読んだ。", "次。"]
        );
        assert_eq!(
            ja("寺（後に焼失。再建。）がある。次。"),
            ["寺（後に焼失。再建。）がある。", "次。"]
        );
        assert_eq!(ja("寺(後に焼失。)がある。"), ["寺(後に焼失。)がある。"]);
        assert_eq!(ja("「外（内。）外。」だ。"), ["「外（内。）外。」だ。"]);
        assert_eq!(ja("“引用。”と書く。"), ["“引用。”と書く。"]);
    }

    #[test]
    fn japanese_closers_after_a_stop_stay_with_the_sentence() {
        assert_eq!(
            ja("行こう。」と言った。次。"),
            ["行こう。」", "と言った。", "次。"]
        );
        assert_eq!(
            ja("彼は言った。「行こう。」"),
            ["彼は言った。", "「行こう。」"]
        );
    }

    #[test]
    fn japanese_unclosed_brackets_are_ordinary_characters() {
        assert_eq!(ja("「閉じない。次の文。"), ["「閉じない。", "次の文。"]);
        assert_eq!(
            ja("（外「内）。次。"),
            ["（外「内）。", "次。"],
            "the inner 「 is cut off"
        );
    }

    #[test]
    fn japanese_newlines_spaces_and_mixed_text() {
        assert_eq!(ja("　一行目。\n二行\n目。 "), ["一行目。", "二行\n目。"]);
        assert_eq!(ja("句点なし"), ["句点なし"]);
        assert_eq!(
            ja("Mr. Smithが来た。He left. Then."),
            ["Mr. Smithが来た。", "He left. Then."]
        );
        assert_eq!(ja("「"), ["「"]);
        assert_eq!(ja("。"), ["。"]);
    }

    // ---- properties ------------------------------------------------------------------------

    const PIECES: &[&str] = &[
        "Mr.",
        "e.g.",
        "U.S.",
        "J.",
        " ",
        "  ",
        "\n",
        "\u{3000}",
        "\t",
        ".",
        "...",
        "…",
        "?",
        "!",
        "?!",
        "\"",
        "'",
        "”",
        "’",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "See",
        "below",
        "He",
        "said",
        "3.14",
        "No",
        "1",
        "a.m.",
        "「",
        "」",
        "『",
        "』",
        "（",
        "）",
        "。",
        "！",
        "？",
        "．",
        "｡",
        "行こう",
        "と",
        "言った",
        "４",
        "京都",
        "e\u{301}",
        "\u{1b}",
        "\u{0}",
        "\u{FEFF}",
        "👍🏽",
        "ｶﾞ",
    ];

    fn mixed_text() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat()),
            any::<String>(),
        ]
    }

    fn check(text: &str, ranges: &[Range<usize>]) -> Result<(), TestCaseError> {
        let mut covered = 0;
        for range in ranges {
            prop_assert!(
                covered <= range.start && range.start < range.end,
                "{ranges:?}"
            );
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            let between = &text[covered..range.start];
            prop_assert!(between.trim().is_empty(), "lost {between:?} of {text:?}");
            let sentence = &text[range.clone()];
            prop_assert_eq!(sentence.trim(), sentence);
            prop_assert!(!sentence.is_empty());
            covered = range.end;
        }
        prop_assert!(
            text[covered..].trim().is_empty(),
            "lost the end of {text:?}"
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn english_ranges_cover_the_text_in_order(text in mixed_text()) {
            check(&text, &english(&text))?;
        }

        #[test]
        fn japanese_ranges_cover_the_text_in_order(text in mixed_text()) {
            check(&text, &japanese(&text))?;
        }
    }

    #[test]
    fn long_runs_stay_fast() {
        let brackets = "((((((((((".repeat(10_000) + &"]".repeat(100_000);
        assert_eq!(english(&brackets).len(), 1);
        let quotes = "「".repeat(50_000) + &"』。文".repeat(50_000);
        assert_eq!(japanese(&quotes).len(), 50_001);
        let words = "a. ".repeat(100_000);
        assert_eq!(english(&words).len(), 1);
        let initials = "J. ".repeat(100_000);
        assert_eq!(english(&initials).len(), 1);
        let quotes = ". \"".repeat(100_000) + "A";
        assert_eq!(english(&quotes).len(), 2);
    }
}
