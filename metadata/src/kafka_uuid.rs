//! Kafka's text form of a Uuid (topic ids, cluster ids, member ids): URL-safe
//! base64 of its 16 bytes without padding, 22 characters, as Kafka's
//! `Uuid.toString` prints it and `Uuid.fromString` reads it.

use uuid::Uuid;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The 22-character text of `id`.
pub fn to_string(id: &Uuid) -> String {
    let bytes = id.as_bytes();
    let mut out = String::with_capacity(22);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..chunk.len() + 1 {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 0x3f) as usize] as char);
        }
    }
    debug_assert_eq!(out.len(), 22);
    out
}

/// The Uuid of a 22-character text; None if it is not one.
pub fn parse(text: &str) -> Option<Uuid> {
    let text = text.as_bytes();
    if text.len() != 22 {
        return None;
    }
    let value = |c: u8| ALPHABET.iter().position(|&a| a == c).map(|v| v as u128);
    // 21 characters carry 126 bits; the last one the 2 bits left, its low
    // 4 bits being padding that must be zero.
    let mut bits = 0u128;
    for &c in &text[..21] {
        bits = (bits << 6) | value(c)?;
    }
    let last = value(text[21])?;
    if last & 0xf != 0 {
        return None;
    }
    Some(Uuid::from_u128((bits << 2) | (last >> 4)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafkas_text_form_both_ways() {
        let id = Uuid::from_u128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210);
        assert_eq!(to_string(&id), "ASNFZ4mrze_-3LqYdlQyEA");
        assert_eq!(parse("ASNFZ4mrze_-3LqYdlQyEA"), Some(id));
        for _ in 0..100 {
            let id = Uuid::new_v4();
            assert_eq!(parse(&to_string(&id)), Some(id));
        }
        assert_eq!(to_string(&Uuid::from_u128(u128::MAX)).len(), 22);
        assert_eq!(parse("short"), None);
        assert_eq!(parse("ASNFZ4mrze_-3LqYdlQyE!"), None);
        assert_eq!(parse("ASNFZ4mrze_-3LqYdlQyEB"), None);
    }
}
