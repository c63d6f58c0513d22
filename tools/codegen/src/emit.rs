//! Writes Rust source for one message spec.

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

fn primitive_reader(ty: &Type) -> Option<&'static str> {
    Some(match ty {
        Type::Bool => "read_bool",
        Type::Int8 => "read_i8",
        Type::Int16 => "read_i16",
        Type::Uint16 => "read_u16",
        Type::Int32 => "read_i32",
        Type::Uint32 => "read_u32",
        Type::Int64 => "read_i64",
        Type::Float64 => "read_f64",
        Type::Uuid => "read_uuid",
        _ => return None,
    })
}

fn primitive_writer(ty: &Type, v: &str) -> Option<String> {
    Some(match ty {
        Type::Bool => format!("write_bool(buf, {v});"),
        Type::Int8 => format!("write_i8(buf, {v});"),
        Type::Int16 => format!("write_i16(buf, {v});"),
        Type::Uint16 => format!("write_u16(buf, {v});"),
        Type::Int32 => format!("write_i32(buf, {v});"),
        Type::Uint32 => format!("write_u32(buf, {v});"),
        Type::Int64 => format!("write_i64(buf, {v});"),
        Type::Float64 => format!("write_f64(buf, {v});"),
        Type::Uuid => format!("write_uuid(buf, &{v});"),
        _ => return None,
    })
}

/// Expression decoding one array element from `b`.
fn elem_decode(ty: &Type, compact: &str, fname: &str) -> String {
    if let Some(r) = primitive_reader(ty) {
        return r.to_string();
    }
    match ty {
        Type::String => format!("|b: &mut Bytes| read_string(b, {compact}, {fname:?})"),
        Type::Bytes | Type::Records => {
            format!("|b: &mut Bytes| read_bytes(b, {compact}, {fname:?})")
        }
        Type::Struct(n) => format!("|b: &mut Bytes| {n}::decode(version, b)"),
        Type::Array(_) => panic!("nested arrays are not in Kafka's specs"),
        _ => unreachable!(),
    }
}

/// Expression decoding the field value from `b`.
fn decode_expr(f: &Field, b: &str, compact: &str) -> String {
    let nullable = f.nullable_cond();
    let name = &f.name;
    if let Some(r) = primitive_reader(&f.ty) {
        return format!("{r}({b})?");
    }
    match &f.ty {
        Type::String if f.optional() => format!("read_nullable_string({b}, {compact}, {nullable}, {name:?})?"),
        Type::String => format!("read_string({b}, {compact}, {name:?})?"),
        Type::Bytes | Type::Records if f.optional() => {
            format!("read_nullable_bytes({b}, {compact}, {nullable}, {name:?})?")
        }
        Type::Bytes | Type::Records => format!("read_bytes({b}, {compact}, {name:?})?"),
        Type::Array(e) => {
            let elem = elem_decode(e, compact, name);
            let min = min_size(e);
            if f.optional() {
                format!("read_nullable_array({b}, {compact}, {nullable}, {min}, {name:?}, {elem})?")
            } else {
                format!("read_array({b}, {compact}, {min}, {name:?}, {elem})?")
            }
        }
        Type::Struct(n) if f.optional() => format!(
            "if !({nullable}) || read_struct_marker({b})? {{ Some({n}::decode(version, {b})?) }} else {{ None }}"
        ),
        Type::Struct(n) => format!("{n}::decode(version, {b})?"),
        _ => unreachable!(),
    }
}

/// Statement encoding one array element `e` (a reference).
fn elem_encode(ty: &Type, compact: &str) -> String {
    if let Some(w) = primitive_writer(ty, "*e") {
        return match ty {
            Type::Uuid => "write_uuid(buf, e);".into(),
            _ => w,
        };
    }
    match ty {
        Type::String => format!("write_string(buf, {compact}, e)?;"),
        Type::Bytes | Type::Records => format!("write_bytes(buf, {compact}, e)?;"),
        Type::Struct(_) => "e.encode(version, buf)?;".into(),
        _ => unreachable!(),
    }
}

fn elem_len(ty: &Type, compact: &str) -> String {
    match ty {
        Type::String => format!("string_len({compact}, Some(e))"),
        Type::Bytes | Type::Records => format!("bytes_len({compact}, Some(e))"),
        Type::Struct(_) => "e.encoded_len(version)".into(),
        _ => unreachable!(),
    }
}

/// Statements encoding the field `v` (an expression of the field's Rust type).
fn encode_stmt(f: &Field, v: &str, compact: &str) -> String {
    let nullable = f.nullable_cond();
    let name = &f.name;
    if let Some(w) = primitive_writer(&f.ty, v) {
        return w;
    }
    match &f.ty {
        Type::String if f.optional() => {
            format!("write_nullable_string(buf, {compact}, {nullable}, {name:?}, {v}.as_deref())?;")
        }
        Type::String => format!("write_string(buf, {compact}, &{v})?;"),
        Type::Bytes | Type::Records if f.optional() => {
            format!("write_nullable_bytes(buf, {compact}, {nullable}, {name:?}, {v}.as_deref())?;")
        }
        Type::Bytes | Type::Records => format!("write_bytes(buf, {compact}, &{v})?;"),
        Type::Array(e) => {
            let body = elem_encode(e, compact);
            if f.optional() {
                format!(
                    "write_array_len(buf, {compact}, {nullable}, {name:?}, {v}.as_ref().map(Vec::len))?;\n\
                     for e in {v}.iter().flatten() {{ {body} }}"
                )
            } else {
                format!(
                    "write_array_len(buf, {compact}, false, {name:?}, Some({v}.len()))?;\n\
                     for e in {v}.iter() {{ {body} }}"
                )
            }
        }
        Type::Struct(_) if f.optional() => format!(
            "match &{v} {{\n\
               None if !({nullable}) => return Err(EncodeError::NullNotAllowed({name:?})),\n\
               None => write_i8(buf, -1),\n\
               Some(s) => {{ if {nullable} {{ write_i8(buf, 1); }} s.encode(version, buf)?; }}\n\
             }}"
        ),
        Type::Struct(_) => format!("{v}.encode(version, buf)?;"),
        _ => unreachable!(),
    }
}

/// Expression: encoded length of the field `v`.
fn len_expr(f: &Field, v: &str, compact: &str) -> String {
    if let Some(n) = f.ty.fixed_size() {
        return n.to_string();
    }
    let nullable = f.nullable_cond();
    match &f.ty {
        Type::String if f.optional() => format!("string_len({compact}, {v}.as_deref())"),
        Type::String => format!("string_len({compact}, Some(&{v}))"),
        Type::Bytes | Type::Records if f.optional() => format!("bytes_len({compact}, {v}.as_deref())"),
        Type::Bytes | Type::Records => format!("bytes_len({compact}, Some(&{v}))"),
        Type::Array(e) => {
            let (prefix, iter) = if f.optional() {
                (
                    format!("array_len_len({compact}, {v}.as_ref().map(Vec::len))"),
                    format!("{v}.iter().flatten()"),
                )
            } else {
                (format!("array_len_len({compact}, Some({v}.len()))"), format!("{v}.iter()"))
            };
            match e.fixed_size() {
                Some(n) => {
                    let count = if f.optional() {
                        format!("{v}.as_ref().map_or(0, Vec::len)")
                    } else {
                        format!("{v}.len()")
                    };
                    format!("({prefix} + {count} * {n})")
                }
                None => format!(
                    "({prefix} + {iter}.map(|e| {}).sum::<usize>())",
                    elem_len(e, compact)
                ),
            }
        }
        Type::Struct(_) if f.optional() => format!(
            "(if {nullable} {{ 1 }} else {{ 0 }} + {v}.as_ref().map_or(0, |s| s.encoded_len(version)))"
        ),
        Type::Struct(_) => format!("{v}.encoded_len(version)"),
        _ => unreachable!(),
    }
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

fn emit_struct(out: &mut String, name: &str, fields: &[Field], ctx: &Ctx, top: bool) {
    let flexible_cond = ctx.message.flexible.cond();
    let normal: Vec<&Field> = fields.iter().filter(|f| !f.is_tagged()).collect();
    let mut tagged: Vec<&Field> = fields.iter().filter(|f| f.is_tagged()).collect();
    tagged.sort_by_key(|f| f.tag);

    // The type.
    let _ = writeln!(out, "#[derive(Debug, Clone, PartialEq)]");
    let _ = writeln!(out, "pub struct {name} {{");
    for f in fields {
        let _ = writeln!(out, "    {}", doc_line(f));
        let _ = writeln!(out, "    pub {}: {},", ident(&f.name), rust_type(f));
    }
    let _ = writeln!(
        out,
        "    /// Tagged fields this version of the code does not know."
    );
    let _ = writeln!(out, "    pub unknown_tagged_fields: Vec<RawTaggedField>,");
    let _ = writeln!(out, "}}\n");

    // Default, with the spec's defaults.
    let _ = writeln!(
        out,
        "impl Default for {name} {{\n    fn default() -> Self {{\n        Self {{"
    );
    for f in fields {
        let _ = writeln!(out, "            {}: {},", ident(&f.name), default_expr(f));
    }
    let _ = writeln!(
        out,
        "            unknown_tagged_fields: Vec::new(),\n        }}\n    }}\n}}\n"
    );

    // Codec.
    let _ = writeln!(out, "impl Codec for {name} {{");
    let _ = writeln!(
        out,
        "    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {{"
    );
    if top {
        let _ = writeln!(
            out,
            "        if !Self::VERSIONS.contains(version) {{ return Err(DecodeError::UnsupportedVersion {{ what: {name:?}, version }}); }}"
        );
    }
    let _ = writeln!(out, "        let flexible = {flexible_cond};");
    let _ = writeln!(out, "        let mut this = Self::default();");
    for f in &normal {
        let cond = f.present().cond();
        let expr = decode_expr(f, "buf", &f.compact_cond(false));
        if cond == "false" {
            continue;
        }
        let _ = writeln!(
            out,
            "        if {cond} {{ this.{} = {expr}; }}",
            ident(&f.name)
        );
    }
    let _ = writeln!(out, "        if flexible {{");
    let _ = writeln!(out, "            for _ in 0..read_tagged_count(buf)? {{");
    let _ = writeln!(
        out,
        "                let (tag, mut body) = read_tagged_field(buf)?;"
    );
    let _ = writeln!(out, "                match tag {{");
    for f in &tagged {
        let cond = f.tagged.and(&f.versions).cond();
        let expr = decode_expr(f, "&mut body", "true");
        let _ = writeln!(
            out,
            "                    {} if {cond} => {{ this.{} = {expr}; }}",
            f.tag.unwrap(),
            ident(&f.name)
        );
    }
    let _ = writeln!(
        out,
        "                    _ => this.unknown_tagged_fields.push(RawTaggedField {{ tag, data: body }}),"
    );
    let _ = writeln!(out, "                }}\n            }}\n        }}");
    let _ = writeln!(out, "        Ok(this)\n    }}\n");

    // encode
    let _ = writeln!(
        out,
        "    fn encode(&self, version: i16, buf: &mut BytesMut) -> Result<(), EncodeError> {{"
    );
    if top {
        let _ = writeln!(
            out,
            "        if !Self::VERSIONS.contains(version) {{ return Err(EncodeError::UnsupportedVersion {{ what: {name:?}, version }}); }}"
        );
    }
    let _ = writeln!(out, "        let flexible = {flexible_cond};");
    for f in &normal {
        let id = ident(&f.name);
        let cond = f.present().cond();
        let stmt = encode_stmt(f, &format!("self.{id}"), &f.compact_cond(false));
        let absent = absent_check(f);
        if cond == "false" {
            let _ = writeln!(out, "        {absent}");
        } else if cond == "true" {
            let _ = writeln!(out, "        {stmt}");
        } else {
            let _ = writeln!(out, "        if {cond} {{ {stmt} }} else {{ {absent} }}");
        }
    }
    let _ = writeln!(out, "        if flexible {{");
    let _ = writeln!(
        out,
        "            let mut count = self.unknown_tagged_fields.len();"
    );
    for f in &tagged {
        let id = ident(&f.name);
        let cond = f.tagged.and(&f.versions).cond();
        let _ = writeln!(
            out,
            "            if {cond} && self.{id} != {} {{ count += 1; }}",
            default_expr(f)
        );
    }
    let _ = writeln!(out, "            write_uvarint(buf, count as u32);");
    let mut prev = 0u32;
    for f in &tagged {
        let id = ident(&f.name);
        let tag = f.tag.unwrap();
        let cond = f.tagged.and(&f.versions).cond();
        let len = len_expr(f, &format!("self.{id}"), "true");
        let stmt = encode_stmt(f, &format!("self.{id}"), "true");
        let _ = writeln!(
            out,
            "            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, {prev}..{tag});"
        );
        let _ = writeln!(
            out,
            "            if {cond} && self.{id} != {def} {{ write_uvarint(buf, {tag}); write_uvarint(buf, ({len}) as u32); {stmt} }} else {{ {absent} }}",
            def = default_expr(f),
            absent = if cond == "true" { String::new() } else { format!("if !({cond}) {{ {} }}", absent_check(f)) },
        );
        prev = tag + 1;
    }
    let _ = writeln!(
        out,
        "            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, {prev}..u32::MAX);"
    );
    let _ = writeln!(out, "        }}");
    let _ = writeln!(out, "        Ok(())\n    }}\n");

    // encoded_len
    let _ = writeln!(out, "    fn encoded_len(&self, version: i16) -> usize {{");
    let _ = writeln!(out, "        let flexible = {flexible_cond};");
    let _ = writeln!(out, "        let mut len = 0usize;");
    for f in &normal {
        let id = ident(&f.name);
        let cond = f.present().cond();
        if cond == "false" {
            continue;
        }
        let len = len_expr(f, &format!("self.{id}"), &f.compact_cond(false));
        let _ = writeln!(out, "        if {cond} {{ len += {len}; }}");
    }
    let _ = writeln!(out, "        if flexible {{");
    let _ = writeln!(
        out,
        "            let mut count = self.unknown_tagged_fields.len();"
    );
    let _ = writeln!(
        out,
        "            len += raw_tagged_fields_len(&self.unknown_tagged_fields);"
    );
    for f in &tagged {
        let id = ident(&f.name);
        let cond = f.tagged.and(&f.versions).cond();
        let l = len_expr(f, &format!("self.{id}"), "true");
        let _ = writeln!(
            out,
            "            if {cond} && self.{id} != {def} {{ count += 1; let n = {l}; len += uvarint_len({tag}) + uvarint_len(n as u32) + n; }}",
            def = default_expr(f),
            tag = f.tag.unwrap()
        );
    }
    let _ = writeln!(out, "            len += uvarint_len(count as u32);");
    let _ = writeln!(out, "        }}");
    let _ = writeln!(out, "        let _ = flexible;\n        len\n    }}\n}}\n");

    // Sample.
    let _ = writeln!(out, "#[cfg(feature = \"sample\")]");
    let _ = writeln!(out, "impl Sample for {name} {{");
    let _ = writeln!(out, "    fn sample(version: i16, g: &mut Gen) -> Self {{");
    let _ = writeln!(out, "        let flexible = {flexible_cond};");
    let _ = writeln!(out, "        let mut this = Self::default();");
    for f in fields {
        let cond = if f.is_tagged() {
            format!("flexible && {}", f.tagged.and(&f.versions).cond())
        } else {
            f.present().cond()
        };
        if cond == "false" {
            continue;
        }
        let _ = writeln!(
            out,
            "        if {cond} {{ this.{} = {}; }}",
            ident(&f.name),
            sample_expr(f)
        );
    }
    let _ = writeln!(
        out,
        "        if flexible {{ this.unknown_tagged_fields = g.unknown_tagged_fields(); }}"
    );
    let _ = writeln!(out, "        this\n    }}\n}}\n");
}

/// Statement run when a field is absent from the version being written: as
/// Kafka does, a non-default value of a non-ignorable field is an error.
fn absent_check(f: &Field) -> String {
    if f.ignorable {
        return String::new();
    }
    format!(
        "if self.{} != {} {{ return Err(EncodeError::FieldNotInVersion {{ field: {:?}, version }}); }}",
        ident(&f.name),
        default_expr(f),
        f.name
    )
}

pub fn message_module(m: &MessageSpec) -> String {
    let ctx = Ctx { message: m };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! {} (generated from Kafka's message spec; do not edit).",
        m.name
    );
    let _ = writeln!(out, "//!");
    let _ = writeln!(
        out,
        "//! Valid versions: {}; flexible versions: {}.",
        m.valid.describe(),
        m.flexible.describe()
    );
    let _ = writeln!(
        out,
        "#![allow(clippy::all, unused_variables, unused_mut, unused_imports, unused_parens)]\n"
    );
    let _ = writeln!(out, "use bytes::{{Bytes, BytesMut}};");
    let _ = writeln!(out, "use uuid::Uuid;");
    let _ = writeln!(out, "use crate::wire::*;");
    let _ = writeln!(
        out,
        "#[cfg(feature = \"sample\")]\nuse crate::sample::{{Gen, Sample}};\n"
    );

    emit_struct(&mut out, &m.name, &m.fields, &ctx, true);
    let (lo, hi) = match m.valid {
        Versions::Range(lo, hi) => (lo, hi),
        Versions::None => (0, -1),
    };
    let flex_min = match m.flexible {
        Versions::Range(lo, _) => format!("Some({lo})"),
        Versions::None => "None".into(),
    };
    let _ = writeln!(out, "impl Message for {} {{", m.name);
    let _ = writeln!(out, "    const NAME: &'static str = {:?};", m.name);
    let _ = writeln!(
        out,
        "    const VERSIONS: VersionRange = VersionRange {{ min: {lo}, max: {hi} }};"
    );
    let _ = writeln!(out, "    const FLEXIBLE_MIN: Option<i16> = {flex_min};");
    let _ = writeln!(out, "}}\n");
    for s in m.structs() {
        emit_struct(&mut out, &s.name, &s.fields, &ctx, false);
    }
    out
}

pub fn mod_rs(messages: &[MessageSpec]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! Every message of Kafka's specs (generated by `tools/codegen`; do not edit).\n"
    );
    for m in messages {
        let _ = writeln!(out, "pub mod {};", snake(&m.name));
    }
    out.push('\n');
    for m in messages {
        let _ = writeln!(out, "pub use {}::{};", snake(&m.name), m.name);
    }
    out.push('\n');

    // ApiKey from the request specs (responses must agree on key and versions).
    let mut requests: Vec<&MessageSpec> = messages.iter().filter(|m| m.kind == "request").collect();
    requests.sort_by_key(|m| m.api_key);
    let api_name = |m: &MessageSpec| m.name.trim_end_matches("Request").to_string();
    let response = |m: &MessageSpec| {
        let name = format!("{}Response", api_name(m));
        messages
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no response spec for {}", m.name))
            .clone()
    };
    out.push_str(
        "/// The API keys of Kafka's protocol, with the versions the specs define.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n\
         #[repr(i16)]\npub enum ApiKey {\n",
    );
    for m in &requests {
        let _ = writeln!(out, "    {} = {},", api_name(m), m.api_key.unwrap());
    }
    out.push_str("}\n\nimpl ApiKey {\n");
    let _ = writeln!(out, "    /// Every API key, in key order.");
    let _ = writeln!(out, "    pub const ALL: &'static [ApiKey] = &[");
    for m in &requests {
        let _ = writeln!(out, "        ApiKey::{},", api_name(m));
    }
    out.push_str("    ];\n\n");
    out.push_str("    pub fn from_i16(key: i16) -> Option<ApiKey> {\n        Some(match key {\n");
    for m in &requests {
        let _ = writeln!(
            out,
            "            {} => ApiKey::{},",
            m.api_key.unwrap(),
            api_name(m)
        );
    }
    out.push_str("            _ => return None,\n        })\n    }\n\n");
    out.push_str("    pub fn name(self) -> &'static str {\n        match self {\n");
    for m in &requests {
        let _ = writeln!(out, "            ApiKey::{0} => {0:?},", api_name(m));
    }
    out.push_str("        }\n    }\n\n");
    out.push_str("    /// The request versions Kafka's specs define for this API.\n");
    out.push_str("    pub fn valid_versions(self) -> VersionRange {\n        match self {\n");
    for m in &requests {
        let _ = writeln!(
            out,
            "            ApiKey::{} => {}::VERSIONS,",
            api_name(m),
            m.name
        );
    }
    out.push_str("        }\n    }\n\n");
    out.push_str("    /// Whether the newest version is still marked unstable in the specs.\n");
    let unstable: Vec<String> = requests
        .iter()
        .filter(|m| m.latest_unstable)
        .map(|m| format!("ApiKey::{}", api_name(m)))
        .collect();
    let _ = writeln!(
        out,
        "    pub fn latest_version_unstable(self) -> bool {{\n        matches!(self, {})\n    }}\n",
        unstable.join(" | ")
    );
    out.push_str(
        "    /// Whether `version` of the request uses the flexible (compact, tagged) encoding.\n",
    );
    out.push_str(
        "    pub fn is_flexible_request(self, version: i16) -> bool {\n        match self {\n",
    );
    for m in &requests {
        let _ = writeln!(
            out,
            "            ApiKey::{} => {}::FLEXIBLE_MIN.is_some_and(|v| version >= v),",
            api_name(m),
            m.name
        );
    }
    out.push_str("        }\n    }\n\n");
    out.push_str("    /// Whether `version` of the response uses the flexible encoding.\n");
    out.push_str(
        "    pub fn is_flexible_response(self, version: i16) -> bool {\n        match self {\n",
    );
    for m in &requests {
        let r = response(m);
        let _ = writeln!(
            out,
            "            ApiKey::{} => {}::FLEXIBLE_MIN.is_some_and(|v| version >= v),",
            api_name(m),
            r.name
        );
    }
    out.push_str("        }\n    }\n\n");
    out.push_str(
        "    /// The request header version for `version` of this API: 2 when the\n\
         /// request is flexible, else 1 (0 only for ControlledShutdown v0).\n\
         pub fn request_header_version(self, version: i16) -> i16 {\n\
         if self.is_flexible_request(version) { 2 } \
         else if self == ApiKey::ControlledShutdown && version == 0 { 0 } else { 1 }\n    }\n\n",
    );
    out.push_str(
        "    /// The response header version: 1 when the response is flexible, else 0.\n\
         /// ApiVersions responses always use header v0, so that a client that\n\
         /// asked for a version the broker lacks can still read the answer.\n\
         pub fn response_header_version(self, version: i16) -> i16 {\n\
         if self == ApiKey::ApiVersions { 0 } else if self.is_flexible_response(version) { 1 } else { 0 }\n    }\n}\n\n",
    );

    // Request and response bodies as enums, so the broker can dispatch with a match.
    for (kind, enum_name) in [("request", "RequestBody"), ("response", "ResponseBody")] {
        let _ = writeln!(
            out,
            "/// Any {kind} body, tagged by its API.\n#[derive(Debug, Clone, PartialEq)]\npub enum {enum_name} {{"
        );
        for m in &requests {
            let ty = if kind == "request" {
                m.name.clone()
            } else {
                response(m).name
            };
            let _ = writeln!(out, "    {}({ty}),", api_name(m));
        }
        out.push_str("}\n\n");
        let _ = writeln!(out, "impl {enum_name} {{");
        out.push_str("    pub fn api_key(&self) -> ApiKey {\n        match self {\n");
        for m in &requests {
            let _ = writeln!(out, "            Self::{0}(_) => ApiKey::{0},", api_name(m));
        }
        out.push_str("        }\n    }\n\n");
        out.push_str(
            "    /// Decodes a whole body (the rest of the frame after the header);\n    \
             /// bytes after the body are an error.\n    \
             pub fn decode(api_key: ApiKey, version: i16, mut body: bytes::Bytes) -> Result<Self, crate::wire::DecodeError> {\n        \
             let message = Self::decode_prefix(api_key, version, &mut body)?;\n        \
             if !body.is_empty() {\n            \
             return Err(crate::wire::DecodeError::TrailingBytes(body.len()));\n        \
             }\n        \
             Ok(message)\n    \
             }\n\n",
        );
        out.push_str(
            "    /// Decodes a body from the front of `buf`, leaving what follows it.\n    \
             pub fn decode_prefix(api_key: ApiKey, version: i16, buf: &mut bytes::Bytes) -> Result<Self, crate::wire::DecodeError> {\n        \
             Ok(match api_key {\n",
        );
        for m in &requests {
            let ty = if kind == "request" {
                m.name.clone()
            } else {
                response(m).name
            };
            let _ = writeln!(
                out,
                "            ApiKey::{0} => Self::{0}({ty}::decode(version, buf)?),",
                api_name(m)
            );
        }
        out.push_str("        })\n    }\n\n");
        out.push_str(
            "    pub fn encode(&self, version: i16, buf: &mut bytes::BytesMut) -> Result<(), crate::wire::EncodeError> {\n        \
             match self {\n",
        );
        for m in &requests {
            let _ = writeln!(
                out,
                "            Self::{}(m) => m.encode(version, buf),",
                api_name(m)
            );
        }
        out.push_str("        }\n    }\n\n");
        out.push_str(
            "    pub fn encoded_len(&self, version: i16) -> usize {\n        match self {\n",
        );
        for m in &requests {
            let _ = writeln!(
                out,
                "            Self::{}(m) => m.encoded_len(version),",
                api_name(m)
            );
        }
        out.push_str("        }\n    }\n}\n\n");
    }

    // A list of every message for tests: `for_each_message!(m)` calls `m!(path, Type)`.
    out.push_str(
        "/// Calls `$m!(module, Type)` for every generated message; used by the\n\
         /// round-trip and differential tests.\n\
         #[macro_export]\nmacro_rules! for_each_message {\n    ($m:ident) => {\n",
    );
    for m in messages {
        let _ = writeln!(out, "        $m!({}, {});", snake(&m.name), m.name);
    }
    out.push_str("    };\n}\n\nuse crate::wire::{Codec, Message, VersionRange};\n");
    out
}
