//! The module of one message (Kafka's `MessageDataGenerator`): its structs,
//! their decode, encode and size for every valid version, and its `Message`
//! impl.
//!
//! Invariants: a field is read and written only in the versions it is
//! present in; writing a version where a non-ignorable field is absent fails
//! unless that field holds its default, as in Kafka; tagged fields are
//! written in tag order.

use super::field_codec::{decode_expr, encode_stmt, len_expr};
use super::*;

pub(super) fn emit_struct(out: &mut String, name: &str, fields: &[Field], ctx: &Ctx, top: bool) {
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
pub(super) fn absent_check(f: &Field) -> String {
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
