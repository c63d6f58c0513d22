//! The generated expressions that decode, encode and size one field (the
//! field-level part of Kafka's `MessageDataGenerator`): primitives, arrays,
//! structs, compact and nullable forms.
//!
//! Invariants: for every field type the decode, encode and length
//! expressions agree on the wire form (compact or not, nullable or not), so
//! that the encoded length is exactly what encoding writes.

use super::*;

pub(super) fn primitive_reader(ty: &Type) -> Option<&'static str> {
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

pub(super) fn primitive_writer(ty: &Type, v: &str) -> Option<String> {
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
pub(super) fn elem_decode(ty: &Type, compact: &str, fname: &str) -> String {
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
pub(super) fn decode_expr(f: &Field, b: &str, compact: &str) -> String {
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
pub(super) fn elem_encode(ty: &Type, compact: &str) -> String {
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

pub(super) fn elem_len(ty: &Type, compact: &str) -> String {
    match ty {
        Type::String => format!("string_len({compact}, Some(e))"),
        Type::Bytes | Type::Records => format!("bytes_len({compact}, Some(e))"),
        Type::Struct(_) => "e.encoded_len(version)".into(),
        _ => unreachable!(),
    }
}

/// Statements encoding the field `v` (an expression of the field's Rust type).
pub(super) fn encode_stmt(f: &Field, v: &str, compact: &str) -> String {
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
pub(super) fn len_expr(f: &Field, v: &str, compact: &str) -> String {
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
