//! The config parser on any text: no panic, and an error safe to print (no escape or other
//! control character but line breaks). The first byte says whether colour is allowed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taiyaku::config::from_toml;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, text)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(text);
    if let Err(error) = from_toml("config.toml", &text, flags & 1 == 1) {
        let message = error.to_string();
        assert!(
            !message.chars().any(|c| c.is_control() && c != '\n'),
            "a config error with a control character: {message:?}"
        );
    }
});
