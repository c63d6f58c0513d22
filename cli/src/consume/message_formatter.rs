//! The output of `consume` (Kafka's `DefaultMessageFormatter`): the
//! `--property` keys it understands, the fields chosen, one line per record.
//!
//! Invariants: fields print in DefaultMessageFormatter's order, each followed
//! by the separator, then the value (or `null`); a boolean property is true
//! when it says "true", in any case.

use super::*;

/// The `--property` keys of Kafka's DefaultMessageFormatter understood here.
pub(super) const FORMAT_PROPERTIES: &[&str] = &[
    "print.key",
    "print.timestamp",
    "print.offset",
    "print.partition",
    "print.headers",
    "key.separator",
];

/// Applies `--property` settings over the flags, as Kafka's
/// DefaultMessageFormatter reads them (a boolean is true when it says
/// "true", in any case).
pub(super) fn apply_properties(
    f: &mut Format,
    properties: &[(String, String)],
) -> std::result::Result<(), String> {
    for (key, value) in properties {
        let on = value.trim().eq_ignore_ascii_case("true");
        match key.as_str() {
            "print.key" => f.key = on,
            "print.timestamp" => f.timestamp = on,
            "print.offset" => f.offset = on,
            "print.partition" => f.partition = on,
            "print.headers" => f.headers = on,
            "key.separator" => f.separator = parse_separator(value)?.into_bytes(),
            _ => {
                return Err(format!(
                    "unknown --property '{key}': tributary consume supports {}",
                    FORMAT_PROPERTIES.join(", ")
                ))
            }
        }
    }
    Ok(())
}

/// Which fields to print, in DefaultMessageFormatter's order.
#[derive(Debug, Clone)]
pub struct Format {
    pub timestamp: bool,
    pub partition: bool,
    pub offset: bool,
    pub headers: bool,
    pub key: bool,
    pub separator: Vec<u8>,
}

/// Appends one message line as kafka-console-consumer prints it: the chosen
/// fields, each followed by the separator, then the value (or "null").
pub fn format_record(
    f: &Format,
    timestamp_type: TimestampType,
    partition: i32,
    r: &Record,
    out: &mut Vec<u8>,
) {
    if f.timestamp {
        let kind = match timestamp_type {
            TimestampType::CreateTime => "CreateTime",
            TimestampType::LogAppendTime => "LogAppendTime",
        };
        out.extend_from_slice(format!("{kind}:{}", r.timestamp).as_bytes());
        out.extend_from_slice(&f.separator);
    }
    if f.partition {
        out.extend_from_slice(format!("Partition:{partition}").as_bytes());
        out.extend_from_slice(&f.separator);
    }
    if f.offset {
        out.extend_from_slice(format!("Offset:{}", r.offset).as_bytes());
        out.extend_from_slice(&f.separator);
    }
    if f.headers {
        if r.headers.is_empty() {
            out.extend_from_slice(b"NO_HEADERS");
        }
        for (i, (k, v)) in r.headers.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(k.as_bytes());
            out.push(b':');
            out.extend_from_slice(v.as_deref().unwrap_or(b"null"));
        }
        out.extend_from_slice(&f.separator);
    }
    if f.key {
        out.extend_from_slice(r.key.as_deref().unwrap_or(b"null"));
        out.extend_from_slice(&f.separator);
    }
    out.extend_from_slice(r.value.as_deref().unwrap_or(b"null"));
    out.push(b'\n');
}
