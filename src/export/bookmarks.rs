//! Bookmarks printed for people and scripts (`taiyaku bookmarks`): plain text, JSON and
//! Markdown.

use std::fmt::Write;

use super::{ExportFormat, escape_markdown, json};
use crate::article::{Article, Side};
use crate::bookmarks::{Attachment, Bookmark, Bookmarks, Place};
use crate::date::iso_minute;
use crate::text::sanitize;

/// Every bookmark, newest first, in `format`. The bookmarks' text was cleaned when it was
/// read; the text formats are sanitized once more as a whole, while JSON is left to its own
/// escaping (sanitizing it afterwards could turn an escaped character into a real one).
/// Each bookmark's paragraph is found in `articles` (the library), so that one whose passage is
/// gone says it is detached.
/// Each passage is printed whole (`Bookmark::passage`), never its excerpt alone.
pub fn export(bookmarks: &Bookmarks, articles: &[Article], format: ExportFormat) -> String {
    let found = Found { articles };
    match format {
        ExportFormat::Text => sanitize(&text(bookmarks, &found)),
        ExportFormat::Json => as_json(bookmarks, &found),
        ExportFormat::Markdown => sanitize(&markdown(bookmarks, &found)),
    }
}

/// What the library says of each bookmark: where its passage is, and the passage.
struct Found<'a> {
    articles: &'a [Article],
}

/// One bookmark as the library finds it, its article looked for and attached once.
struct Finding<'a> {
    place: Place,
    passages: [Option<&'a str>; 2],
}

impl Found<'_> {
    fn of<'b>(&'b self, b: &'b Bookmark) -> Finding<'b> {
        let article = self.articles.iter().find(|a| a.id == b.article.id);
        let attachment = article.map(|a| b.attach(a));
        let attached = match (article, attachment) {
            (Some(article), Some(Attachment::Block(block))) => Some((article, block)),
            _ => None,
        };
        Finding {
            place: b.place_of(attachment),
            passages: Side::BOTH.map(|side| b.passage(side, attached)),
        }
    }
}

impl Finding<'_> {
    fn passage(&self, side: Side) -> Option<&str> {
        self.passages[usize::from(side == Side::Ja)]
    }
}

fn text(bookmarks: &Bookmarks, found: &Found) -> String {
    let list = bookmarks.newest_first();
    if list.is_empty() {
        return "no bookmarks\n".to_owned();
    }
    let mut out = String::new();
    for b in list {
        let finding = found.of(b);
        let [en, ja] = b.article.title.title_sides(&b.article.source);
        let created = iso_minute(b.created);
        let _ = writeln!(out, "{created}  {en} / {ja}  {}", b.describe(finding.place));
        for (side, label) in [(Side::En, "en"), (Side::Ja, "ja")] {
            if let Some(passage) = finding.passage(side) {
                // A passage of several lines keeps them, under its first.
                let passage = passage.replace('\n', "\n      ");
                let _ = writeln!(out, "  {label}: {passage}");
            }
        }
        if !b.note.is_empty() {
            let _ = writeln!(out, "  note: {}", b.note);
        }
        out.push('\n');
    }
    out
}

fn as_json(bookmarks: &Bookmarks, found: &Found) -> String {
    let list: Vec<serde_json::Value> = bookmarks
        .newest_first()
        .into_iter()
        .map(|b| {
            let finding = found.of(b);
            let mut value = serde_json::to_value(b).expect("a bookmark serializes");
            value["paragraph"] = finding.place.paragraph().into();
            value["state"] = finding.place.state().into();
            for (side, key) in [(Side::En, "en"), (Side::Ja, "ja")] {
                if let Some(passage) = finding.passage(side) {
                    value["passage"][key] = passage.into();
                }
            }
            value
        })
        .collect();
    json(&serde_json::json!({ "version": 1, "bookmarks": list }))
}

fn markdown(bookmarks: &Bookmarks, found: &Found) -> String {
    let mut out = String::from("# Bookmarks\n");
    let list = bookmarks.newest_first();
    if list.is_empty() {
        out.push_str("\nNo bookmarks yet.\n");
        return out;
    }
    // One section per article, in the order of each article's newest bookmark.
    let mut articles: Vec<&str> = Vec::new();
    for b in &list {
        if !articles.contains(&b.article.id.as_str()) {
            articles.push(&b.article.id);
        }
    }
    for id in articles {
        let marks: Vec<&&Bookmark> = list.iter().filter(|b| b.article.id == id).collect();
        let title = &marks[0].article.title;
        let heading = title
            .joined()
            .unwrap_or_else(|| marks[0].article.source.clone());
        let _ = write!(out, "\n## {}\n", escape_markdown(&heading));
        for b in marks {
            let finding = found.of(b);
            let _ = write!(
                out,
                "\n### {} — {}\n\n",
                b.describe(finding.place),
                iso_minute(b.created)
            );
            for side in Side::BOTH {
                if let Some(passage) = finding.passage(side) {
                    for line in escape_markdown(passage).lines() {
                        let _ = writeln!(out, "> {line}");
                    }
                    out.push('\n');
                }
            }
            if !b.note.is_empty() {
                let _ = writeln!(out, "Note: {}", escape_markdown(&b.note));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Format;
    use crate::article::{Article, Bilingual, Block, Headings};
    use crate::bookmarks::Change;

    fn sample() -> Bookmarks {
        let headings = Headings {
            title: Bilingual::new(Some("A *title*".into()), Some("題名".into())),
            ..Headings::default()
        };
        let blocks = vec![
            Block::paragraph(Bilingual::new(Some("First.".into()), Some("最初。".into()))),
            Block::paragraph(Bilingual::en("Second \u{241b} with a placeholder.")),
        ];
        let article = Article::new("s".into(), Format::Plain, headings, blocks);
        let mut all = Bookmarks::default();
        all.apply(&Change::Add(Bookmark::new(
            &article,
            0,
            "why it matters",
            100,
        )));
        all.apply(&Change::Add(Bookmark::new(&article, 1, "", 200)));
        all
    }

    #[test]
    fn text_lists_newest_first_with_both_sides() {
        let out = export(&sample(), &[], ExportFormat::Text);
        let second = out.find("¶2").unwrap();
        let first = out.find("¶1").unwrap();
        assert!(second < first, "{out}");
        assert!(out.contains("  ja: 最初。"));
        assert!(out.contains("  note: why it matters"));
    }

    #[test]
    fn markdown_has_a_section_per_article_and_quotes() {
        let out = export(&sample(), &[], ExportFormat::Markdown);
        assert_eq!(out.matches("\n## ").count(), 1, "{out}");
        assert!(out.contains("## A \\*title\\* / 題名"));
        assert!(out.contains("> First.\n\n> 最初。"));
        assert!(out.contains("Note: why it matters"));
    }

    #[test]
    fn passages_gone_from_their_article_say_so() {
        let bookmarks = sample();
        let edited = Article::new(
            "s".into(),
            Format::Plain,
            Headings {
                title: Bilingual::new(Some("A *title*".into()), Some("題名".into())),
                ..Headings::default()
            },
            vec![Block::paragraph(Bilingual::en("First, rewritten."))],
        );
        let text = export(&bookmarks, &[edited], ExportFormat::Text);
        assert!(text.contains("¶1 · detached"), "{text}");
        assert!(export(&bookmarks, &[], ExportFormat::Text).contains("article not in the library"));
        let json = export(&bookmarks, &[], ExportFormat::Json);
        assert!(json.contains("\"state\": \"missing\""), "{json}");
    }

    #[test]
    fn json_round_trips() {
        let out = export(&sample(), &[], ExportFormat::Json);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["bookmarks"].as_array().unwrap().len(), 2);
        assert_eq!(value["bookmarks"][0]["block"], 1);
    }
}
