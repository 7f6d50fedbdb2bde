//! The config's messages about keys: in the names config.toml uses, with the nearest action of
//! the screen for a misspelt one.

use taiyaku::config;

/// The error for a user config, as printed.
fn config_error(text: &str) -> String {
    config::from_toml("config.toml", text, true)
        .unwrap_err()
        .to_string()
}

#[test]
fn a_clash_names_the_actions_and_the_table_as_the_file_writes_them() {
    let error = config_error("[keys.reader]\nnext_paragraph = [\"j\"]\n");
    assert!(
        error.starts_with(
            "config.toml: line 2: key j is bound to both 'next_paragraph' and 'scroll_down' \
             in [keys.reader]"
        ),
        "{error}"
    );
    // The other one has the key from the defaults: say so, and how to free it.
    assert!(error.contains("'scroll_down' has it by default"), "{error}");
    assert!(!error.contains("NextParagraph") && !error.contains("ScrollDown"));

    let error = config_error("[keys.help]\n\nup = [\"x\"]\ndown = [\"x\"]\n");
    assert_eq!(
        error,
        "config.toml: line 3: key x is bound to both 'down' and 'up' in [keys.help]"
    );
}

#[test]
fn a_misspelt_action_gets_the_nearest_of_that_screen() {
    for (table, written, meant) in [
        ("reader", "next_paragrph", "next_paragraph"),
        ("reader", "scrol_down", "scroll_down"),
        ("reader", "Scroll_Down", "scroll_down"),
        ("reader", "serch", "search"),
        ("reader", "toggle_bookmrak", "toggle_bookmark"),
        ("library", "sotr", "sort"),
        ("bookmarks", "edit_nte", "edit_note"),
        ("headings", "opne", "open"),
        ("help", "clsoe", "close"),
    ] {
        let error = config_error(&format!("[keys.{table}]\n{written} = [\"x\"]\n"));
        assert_eq!(
            error,
            format!(
                "config.toml: line 2: unknown action '{written}' in [keys.{table}]: \
                 did you mean '{meant}'?"
            )
        );
    }
    // Nothing near: the screen's own actions, not all 36.
    let error = config_error("[keys.headings]\n\n\nzoom = [\"z\"]\n");
    assert_eq!(
        error,
        "config.toml: line 4: unknown action 'zoom' in [keys.headings], which takes down, up, \
         open, top, bottom, filter, help, back, quit"
    );
}

#[test]
fn an_action_of_another_screen_is_named_as_such() {
    let error = config_error("[keys.reader]\nsort = [\"o\"]\n");
    assert!(
        error.starts_with(
            "config.toml: line 2: 'sort' is not a reader action (it is one of [keys.library]); \
             [keys.reader] takes scroll_down, scroll_up,"
        ),
        "{error}"
    );
    assert!(error.ends_with("back, quit, suspend"), "{error}");
    assert!(!error.contains("edit_note"), "{error}");
    // Where the screen has the same thing under another name, that name.
    for (table, written, meant) in [
        ("reader", "up", "scroll_up"),
        ("reader", "down", "scroll_down"),
        ("library", "scroll_down", "down"),
        ("help", "back", "close"),
        ("bookmarks", "close", "back"),
        ("headings", "remove", "remove"),
    ] {
        let text = format!("[keys.{table}]\n{written} = [\"x\"]\n");
        let result = config::from_toml("config.toml", &text, true);
        if written == meant {
            // `remove` is not on the headings screen, and nothing there is near it.
            let error = result.unwrap_err().to_string();
            assert!(
                error.contains(
                    "'remove' is not a headings action (it is one of [keys.library] and \
                     [keys.bookmarks]); [keys.headings] takes down,"
                ),
                "{error}"
            );
            continue;
        }
        assert_eq!(
            result.unwrap_err().to_string(),
            format!(
                "config.toml: line 2: '{written}' is not a {table} action: did you mean '{meant}'?"
            )
        );
    }
}

#[test]
fn a_misspelt_screen_gets_the_nearest_screen() {
    let error = config_error("[reader]\nlayout = \"side\"\n\n[keys.readr]\nquit = [\"Q\"]\n");
    assert_eq!(
        error,
        "config.toml: line 4: no screen [keys.readr]: did you mean [keys.reader]?"
    );
    let error = config_error("[keys.menu]\nquit = [\"Q\"]\n");
    assert_eq!(
        error,
        "config.toml: line 1: no screen [keys.menu] (screens: library, reader, bookmarks, \
         headings, help)"
    );
}
