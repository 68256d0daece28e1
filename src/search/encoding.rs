//! How the shard files write numbers and posting lists: variable-length base-32 digits that
//! need no escaping in JSON or HTML (js/search-shards.js decodes them).
//!
//! Owns: the encoding of a number, of a posting list with and without its documents' lengths.
//! Does not: decide which lists go where (placement.rs, shards.rs).

/// Digits of the variable-length numbers: a number is written in base 32, most significant
/// first, every digit but the last from `MORE`. Characters that need no escaping in JSON or HTML.
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_-";

fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 13];
    let mut len = 0;
    loop {
        digits[len] = (n & 31) as u8;
        len += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for i in (1..len).rev() {
        out.push(MORE[digits[i] as usize] as char);
    }
    out.push(LAST[digits[0] as usize] as char);
}

/// A posting list: per document the gap to the previous one, doubled, plus 1 when the word
/// occurs more than once; then the count minus 2; then the length of the document's field
/// (`length(doc)`). Most postings are two or three characters.
pub(super) fn encode_postings(list: &[(u32, u32)], length: impl Fn(u32) -> u32) -> String {
    let mut out = String::with_capacity(list.len() * 3);
    push_postings(&mut out, list, |doc| Some(length(doc)));
    out
}

/// A posting list as `encode_postings` writes it but without the lengths, after `~`: the
/// field's lengths are in its lengths file.
pub(super) fn encode_lengthless(list: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(list.len() * 2 + 1);
    out.push(LENGTHLESS);
    push_postings(&mut out, list, |_| None);
    out
}

/// The postings of `list` onto `out`, each with its document's field length when `length`
/// gives one.
fn push_postings(out: &mut String, list: &[(u32, u32)], length: impl Fn(u32) -> Option<u32>) {
    let mut next = 0u64;
    for &(doc, count) in list {
        let gap = u64::from(doc) - next;
        next = u64::from(doc) + 1;
        push_number(out, gap * 2 + u64::from(count > 1));
        if count > 1 {
            push_number(out, u64::from(count) - 2);
        }
        if let Some(length) = length(doc) {
            push_number(out, u64::from(length));
        }
    }
}

/// The mark of a posting list without lengths (a character of neither digit set).
pub(super) const LENGTHLESS: char = '~';

pub(super) fn encode_numbers(numbers: impl IntoIterator<Item = u64>) -> String {
    let mut out = String::new();
    for n in numbers {
        push_number(&mut out, n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_postings_are_compact() {
        let mut s = String::new();
        for n in [0, 1, 31, 32, 1000] {
            push_number(&mut s, n);
        }
        assert_eq!(s, "01vB0-8");
        // Documents 0, 1 (twice), 5 (four times), with field lengths 3, 4 and 40.
        assert_eq!(
            encode_postings(&[(0, 1), (1, 2), (5, 4)], |doc| [3, 4, 0, 0, 0, 40]
                [doc as usize]),
            "0310472B8"
        );
    }
}
