//! Ruby shown: readings inline after their base (dim) or hidden, the `r` key and the `ruby`
//! setting, lines that fit with their readings and never break inside a base.

mod common;

use std::path::Path;
use std::process::Command as Process;

use common::{reader_on, run, screen_rows};
use taiyaku::article::{Article, Bilingual, Block, Format, Headings, Ruby};
use taiyaku::config::from_toml;
use taiyaku::keymap::Command;
use taiyaku::layout::{Geometry, Mode, RubyShown, render_plain};
use taiyaku::text::{AmbiguousWidth, str_width};

const FIXTURE: &str = "tests/fixtures/aozora_sample.txt";

fn fixture_article() -> Article {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    taiyaku::import::import_path(&path, None)
        .expect("the fixture imports")
        .article
}

/// One paragraph, 親譲《おやゆず》りの無鉄砲《むてっぽう》で…, with its two readings.
fn novel_line() -> Article {
    let ja = "親譲りの無鉄砲で小供の時から損ばかりしている。";
    let block = Block::paragraph(Bilingual::new(None, Some(ja.into()))).with_ruby(vec![
        Ruby {
            base: 0..6,
            reading: "おやゆず".into(),
        },
        Ruby {
            base: 12..21,
            reading: "むてっぽう".into(),
        },
    ]);
    Article::new(
        "test".into(),
        Format::Aozora,
        Headings::default(),
        vec![block],
    )
}

fn render(article: &Article, width: usize, ruby: RubyShown) -> String {
    let mut geometry = Geometry::new(width, Mode::Ja, AmbiguousWidth::Narrow);
    geometry.ruby = ruby;
    render_plain(article, geometry)
}

#[test]
fn readings_follow_their_base_inline_and_vanish_hidden() {
    let article = novel_line();
    assert_eq!(
        render(&article, 80, RubyShown::Inline).trim_end(),
        "親譲(おやゆず)りの無鉄砲(むてっぽう)で小供の時から損ばかりしている。"
    );
    assert_eq!(
        render(&article, 80, RubyShown::Hide).trim_end(),
        "親譲りの無鉄砲で小供の時から損ばかりしている。"
    );
}

#[test]
fn a_base_is_never_split_and_its_reading_stays_with_it() {
    let article = novel_line();
    for width in 12..40 {
        for ruby in RubyShown::ALL {
            let out = render(&article, width, ruby);
            for line in out.lines() {
                assert!(
                    str_width(line, AmbiguousWidth::Narrow) <= width,
                    "{line:?} wider than {width}"
                );
                for base in ["親譲", "無鉄砲"] {
                    let first = base.chars().next().unwrap();
                    let split =
                        line.ends_with(first) || line.starts_with(&base[first.len_utf8()..]);
                    assert!(!split, "{base} split at width {width} ({ruby:?}): {out}");
                }
                assert!(!line.starts_with('('), "a reading left its base: {out}");
            }
        }
    }
}

#[test]
fn every_line_of_the_fixture_fits_with_its_readings() {
    let article = fixture_article();
    assert!(article.blocks.iter().any(|b| !b.ruby().is_empty()));
    for width in [10, 17, 24, 40, 63, 100] {
        for mode in Mode::ALL {
            let mut geometry = Geometry::new(width, mode, AmbiguousWidth::Narrow);
            geometry.ruby = RubyShown::Inline;
            let out = render_plain(&article, geometry);
            if width >= 40 && mode != Mode::En {
                assert!(out.contains("雨(あめ)"), "{out}");
            }
            for line in out.lines() {
                assert!(
                    str_width(line, AmbiguousWidth::Narrow) <= width,
                    "{mode:?} at {width}: {line:?}"
                );
            }
        }
    }
}

#[test]
fn the_reader_draws_readings_dim_and_r_hides_them() {
    let mut app = reader_on(novel_line(), 80, 20);
    let rows = screen_rows(&app).join("\n");
    assert!(
        rows.contains("親譲(おやゆず)りの無鉄砲(むてっぽう)で"),
        "{rows}"
    );
    // The reading is drawn in the ruby style; its base in the text's.
    let terminal = common::drawn(&app);
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    let (x, row) = (0..area.height)
        .flat_map(|y| (1..area.width).map(move |x| (x, y)))
        .find(|&(x, y)| buffer[(x, y)].symbol() == "お" && buffer[(x - 1, y)].symbol() == "(")
        .expect("a reading drawn");
    let ruby = app.config.theme().ruby;
    assert_eq!(buffer[(x, row)].fg, ruby.fg.unwrap());
    assert!(buffer[(x, row)].modifier.contains(ruby.add_modifier));
    let base_x = (0..x).find(|&x| buffer[(x, row)].symbol() == "親").unwrap();
    assert_ne!(buffer[(base_x, row)].fg, ruby.fg.unwrap());

    run(&mut app, &[Command::ToggleRuby]);
    let rows = screen_rows(&app).join("\n");
    assert!(rows.contains("親譲りの無鉄砲で小供"), "{rows}");
    assert!(rows.contains("ruby: hidden"), "{rows}");
    run(&mut app, &[Command::ToggleRuby]);
    let rows = screen_rows(&app).join("\n");
    assert!(rows.contains("親譲(おやゆず)り"), "{rows}");
    assert!(rows.contains("ruby: readings after their base"), "{rows}");
}

#[test]
fn the_r_key_says_when_an_article_has_no_ruby() {
    let mut app = reader_on(common::seed_article(), 100, 30);
    run(&mut app, &[Command::ToggleRuby]);
    let rows = screen_rows(&app).join("\n");
    assert!(rows.contains("(this article has none)"), "{rows}");
}

#[test]
fn a_search_lights_the_base_and_its_reading_stays_beside() {
    let mut app = reader_on(novel_line(), 80, 20);
    taiyaku::app::update(&mut app, taiyaku::app::Action::Command(Command::Search));
    for c in "親譲り".chars() {
        let edit = taiyaku::editor::Edit::Insert(c);
        taiyaku::app::update(&mut app, taiyaku::app::Action::Edit(edit));
    }
    taiyaku::app::update(&mut app, taiyaku::app::Action::Submit);
    let reader = app.reader.as_ref().unwrap();
    assert_eq!(reader.search.matches().len(), 1);
    let rows = screen_rows(&app).join("\n");
    assert!(rows.contains("親譲(おやゆず)り"), "{rows}");
}

#[test]
fn the_setting_is_read_from_the_config_and_checked() {
    let config = from_toml("config.toml", "[reader]\nruby = \"hide\"\n", true).unwrap();
    assert_eq!(config.ruby, RubyShown::Hide);
    let defaults = from_toml("config.toml", "", true).unwrap();
    assert_eq!(defaults.ruby, RubyShown::Inline);
    let error = from_toml("config.toml", "[reader]\nruby = \"above\"\n", true).unwrap_err();
    assert!(error.to_string().contains("line 2"), "{error}");
    assert!(error.to_string().contains("inline, hide"), "{error}");
}

#[test]
fn render_takes_the_setting_as_a_flag() {
    let run = |ruby: &str| {
        let output = Process::new(env!("CARGO_BIN_EXE_taiyaku"))
            .args([
                "render", "--width", "80", "--layout", "ja", "--ruby", ruby, FIXTURE,
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(run("inline").contains("窓辺(まどべ)の猫"));
    assert!(run("hide").contains("窓辺の猫"));
}

#[test]
fn indented_blocks_are_drawn_indented_and_wrapped_narrower() {
    let article = fixture_article();
    let mut geometry = Geometry::new(40, Mode::Ja, AmbiguousWidth::Narrow);
    geometry.ruby = RubyShown::Hide;
    let out = render_plain(&article, geometry);
    // ここから２字下げ: four cells, every line of the paragraph.
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("絵が壁")).collect();
    assert!(!lines.is_empty(), "{out}");
    assert!(lines.iter().all(|l| l.starts_with("    ")), "{out}");
    for line in out.lines() {
        assert!(str_width(line, AmbiguousWidth::Narrow) <= 40, "{line:?}");
    }
    // The reader draws it four cells in as well.
    // A text in Japanese only opens in the Japanese pane alone.
    let app = reader_on(article, 44, 30);
    assert_eq!(app.reader.as_ref().unwrap().mode, Mode::Ja);
    let rows = screen_rows(&app);
    let row = rows
        .iter()
        .find(|r| r.contains("絵が壁"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    let plain = rows.iter().find(|r| r.contains("静かな")).unwrap();
    let start = |r: &str| r.find(|c: char| !c.is_whitespace() && c != '▌').unwrap();
    assert_eq!(start(row), start(plain) + 4, "{row:?} / {plain:?}");
}

#[test]
fn emphasis_is_drawn_in_its_style() {
    let app = reader_on(fixture_article(), 100, 40);
    let terminal = common::drawn(&app);
    let buffer = terminal.backend().buffer();
    let area = buffer.area;
    let cells: Vec<(u16, u16)> = (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .collect();
    let find = |symbol: &str| {
        cells
            .iter()
            .find(|&&(x, y)| buffer[(x, y)].symbol() == symbol)
            .copied()
            .unwrap_or_else(|| panic!("{symbol} drawn: {:#?}", screen_rows(&app)))
    };
    let emphasis = app.config.theme().emphasis.add_modifier;
    assert!(!emphasis.is_empty());
    // 静かな is emphasised (傍点…傍点終わり), 午後 after it is not.
    assert!(buffer[find("静")].modifier.contains(emphasis));
    assert!(!buffer[find("午")].modifier.contains(emphasis));
}

#[test]
fn a_click_past_a_reading_lands_on_the_text_after_it() {
    let article = novel_line();
    let mut geometry = Geometry::new(80, Mode::Ja, AmbiguousWidth::Narrow);
    geometry.ruby = RubyShown::Inline;
    let mut layout = taiyaku::layout::Layout::new(&article, geometry);
    let rows = layout.all_rows(&article);
    let taiyaku::layout::RowCells::Single(cell) = &rows[0].cells else {
        panic!("{rows:?}")
    };
    // 親譲(おやゆず)り: り is drawn at cells 14–15.
    let at = |column| layout.byte_at_column(&article, 0, cell, column);
    assert_eq!(at(14), Some("親譲".len()));
    assert_eq!(
        at(9),
        Some("親".len()),
        "a reading is its base's last character"
    );
    geometry.ruby = RubyShown::Hide;
    layout.set_geometry(geometry);
    assert_eq!(
        layout.byte_at_column(&article, 0, cell, 4),
        Some("親譲".len())
    );
}

#[test]
fn an_indented_block_shows_a_reading_only_where_it_fits_beside_the_indent() {
    let ja = "漢字仮名の文。";
    let block = Block::paragraph(Bilingual::new(
        Some("Kanji and kana.".into()),
        Some(ja.into()),
    ))
    .with_ruby(vec![Ruby {
        base: 0.."漢字仮名".len(),
        reading: "かんじかなまじりぶ".into(),
    }])
    .with_marks(Vec::new(), 5);
    let article = Article::new("t".into(), Format::Aozora, Headings::default(), vec![block]);
    // 30 cells, 10 of them indent: 漢字仮名 and its reading (8 + 20 cells) fit the pane, not
    // what the indent leaves of it.
    let out = render(&article, 30, RubyShown::Inline);
    assert!(out.contains("          漢字仮名の文。"), "{out}");
    assert!(!out.contains("かんじ"), "{out}");
    let wide = render(&article, 40, RubyShown::Inline);
    assert!(wide.contains("漢字仮名(かんじかなまじりぶ)の"), "{wide}");
    for line in out.lines().chain(wide.lines()) {
        assert!(str_width(line, AmbiguousWidth::Narrow) <= 40, "{line:?}");
    }
    // The indent is the Japanese text's: side by side, the English is not indented.
    let mut geometry = Geometry::new(80, Mode::Side, AmbiguousWidth::Narrow);
    geometry.ruby = RubyShown::Hide;
    let side = render_plain(&article, geometry);
    assert!(side.starts_with("Kanji and kana."), "{side}");
}
