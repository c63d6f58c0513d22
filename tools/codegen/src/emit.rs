//! Writes Rust source for one message spec.
//!
//! This file holds the mapping from spec fields to Rust names, types,
//! defaults and samples; `emit/field_codec.rs` the per-field decode, encode
//! and size expressions, `emit/message_data.rs` a message's module,
//! `emit/api_message_type.rs` `messages/mod.rs`.
//!
//! Invariants: the output depends only on the specs (no timestamps, no
//! hash-map order), so a fresh run reproduces the committed files.

mod api_message_type;
mod field_codec;
mod message_data;

pub use api_message_type::mod_rs;
pub use message_data::message_module;

use crate::spec::{snake, Field, MessageSpec, Type, Versions};
use std::fmt::Write;

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

fn ident(name: &str) -> String {
    let s = snake(name);
    if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// The context a field is emitted in.
struct Ctx<'a> {
    message: &'a MessageSpec,
}

impl Field {
    /// Whether the Rust type is an `Option` (null is allowed in some version).
    fn optional(&self) -> bool {
        !self.nullable.is_none()
    }

    fn is_tagged(&self) -> bool {
        self.tag.is_some()
    }

    /// The versions in which the field is present in the non-tagged section.
    fn present(&self) -> Versions {
        self.versions
    }

    /// Expression: is the field nullable at `version`.
    fn nullable_cond(&self) -> String {
        self.nullable.cond()
    }

    /// Expression: is the field's encoding compact at `version`.
    fn compact_cond(&self, tagged: bool) -> String {
        if tagged {
            return "true".into();
        }
        match &self.flexible {
            Some(v) => {
                let c = v.cond();
                if c == "false" {
                    "false".into()
                } else {
                    format!("(flexible && {c})")
                }
            }
            None => "flexible".into(),
        }
    }
}

fn rust_elem_type(ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::Int8 => "i8".into(),
        Type::Int16 => "i16".into(),
        Type::Uint16 => "u16".into(),
        Type::Int32 => "i32".into(),
        Type::Uint32 => "u32".into(),
        Type::Int64 => "i64".into(),
        Type::Float64 => "f64".into(),
        Type::String => "String".into(),
        Type::Bytes | Type::Records => "Bytes".into(),
        Type::Uuid => "Uuid".into(),
        Type::Array(e) => format!("Vec<{}>", rust_elem_type(e)),
        Type::Struct(n) => n.clone(),
    }
}

fn rust_type(f: &Field) -> String {
    let t = rust_elem_type(&f.ty);
    if f.optional() {
        format!("Option<{t}>")
    } else {
        t
    }
}

fn int_literal(d: &str) -> String {
    let d = d.trim();
    if let Some(hex) = d.strip_prefix("0x") {
        format!("0x{hex}")
    } else {
        d.to_string()
    }
}

fn default_expr(f: &Field) -> String {
    let d = f.default.as_deref();
    let is_null = d == Some("null");
    let inner = match &f.ty {
        Type::Bool => d.unwrap_or("false").to_string(),
        Type::Int8 | Type::Int16 | Type::Uint16 | Type::Int32 | Type::Uint32 | Type::Int64 => {
            d.map(int_literal).unwrap_or_else(|| "0".into())
        }
        Type::Float64 => match d {
            Some(x) if x.contains('.') => x.to_string(),
            Some(x) => format!("{x}.0"),
            None => "0.0".into(),
        },
        Type::String => match d {
            None | Some("") | Some("null") => "String::new()".into(),
            Some(s) => format!("String::from({s:?})"),
        },
        Type::Bytes | Type::Records => "Bytes::new()".into(),
        Type::Uuid => "Uuid::nil()".into(),
        Type::Array(e) => format!("Vec::<{}>::new()", rust_elem_type(e)),
        Type::Struct(n) => format!("{n}::default()"),
    };
    if f.optional() {
        if is_null {
            "None".into()
        } else {
            format!("Some({inner})")
        }
    } else {
        inner
    }
}

fn min_size(ty: &Type) -> usize {
    ty.fixed_size().unwrap_or(1)
}

/// Expression making a random value of the field (feature `sample`).
fn sample_expr(f: &Field) -> String {
    let nullable = f.nullable_cond();
    let inner = match &f.ty {
        Type::Bool => "g.bool()".to_string(),
        Type::Int8 => "g.i8()".into(),
        Type::Int16 => "g.i16()".into(),
        Type::Uint16 => "g.u16()".into(),
        Type::Int32 => "g.i32()".into(),
        Type::Uint32 => "g.u32()".into(),
        Type::Int64 => "g.i64()".into(),
        Type::Float64 => "g.f64()".into(),
        Type::Uuid => "g.uuid()".into(),
        Type::String => "g.string()".into(),
        Type::Bytes | Type::Records => "g.bytes()".into(),
        Type::Array(e) => {
            let elem = match &**e {
                Type::Struct(n) => format!("{n}::sample(version, g)"),
                Type::Array(_) => unreachable!(),
                other => {
                    let dummy = Field {
                        name: String::new(),
                        ty: other.clone(),
                        versions: Versions::None,
                        nullable: Versions::None,
                        tag: None,
                        tagged: Versions::None,
                        default: None,
                        ignorable: false,
                        flexible: None,
                        fields: None,
                    };
                    sample_expr(&dummy)
                }
            };
            format!("g.vec(|g| {elem})")
        }
        Type::Struct(n) => format!("{n}::sample(version, g)"),
    };
    if f.optional() {
        format!("if {nullable} && g.null() {{ None }} else {{ Some({inner}) }}")
    } else {
        inner
    }
}

fn doc_line(f: &Field) -> String {
    let mut s = format!("/// Versions: {}", f.versions.describe());
    if !f.nullable.is_none() {
        let _ = write!(s, "; nullable: {}", f.nullable.describe());
    }
    if let Some(t) = f.tag {
        let _ = write!(s, "; tag {t} in {}", f.tagged.describe());
    }
    if let Some(d) = &f.default {
        let _ = write!(s, "; default: {d}");
    }
    s
}
