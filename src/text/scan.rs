//! Fast scans over text's UTF-8 bytes, for the steps that look at every character of a file:
//! runs of ASCII eight bytes at a time, and the character at a byte.

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Where the run of ASCII bytes that starts at `at` ends (at `at` if there is none).
pub fn ascii_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(word) = word_at(bytes, at) {
        if word & HIGH_BITS != 0 {
            break;
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(u8::is_ascii) {
        at += 1;
    }
    at
}

/// Where the run of bytes that are not ASCII (the bytes of characters beyond U+007F) that
/// starts at `at` ends.
pub fn non_ascii_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(word) = word_at(bytes, at) {
        if word & HIGH_BITS != HIGH_BITS {
            break;
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(|b| !b.is_ascii()) {
        at += 1;
    }
    at
}

/// The eight bytes from `at`, as one word, if there are eight.
pub fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let word = bytes.get(at..at + 8)?;
    Some(u64::from_le_bytes(word.try_into().expect("eight bytes")))
}

/// The character that starts at byte `at` of `text`.
pub fn char_at(text: &str, at: usize) -> char {
    text[at..].chars().next().expect("a character starts there")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_end_where_the_kind_of_byte_changes() {
        let text = "0123456789abcdef吾輩は猫である。名前はまだ無い。x";
        let bytes = text.as_bytes();
        assert_eq!(ascii_end(bytes, 0), 16);
        assert_eq!(ascii_end(bytes, 3), 16);
        assert_eq!(ascii_end(bytes, 16), 16);
        assert_eq!(non_ascii_end(bytes, 16), text.len() - 1);
        assert_eq!(non_ascii_end(bytes, 0), 0);
        assert_eq!(ascii_end(bytes, text.len() - 1), text.len());
        assert_eq!(char_at(text, 16), '吾');
    }
}
