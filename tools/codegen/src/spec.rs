//! The model of one Kafka message spec, parsed from its JSON (with `//` comments).

use serde_json::Value;

/// An inclusive version range; `None` means "no version".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versions {
    None,
    Range(i16, i16),
}

impl Versions {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s == "none" {
            return Ok(Versions::None);
        }
        if let Some(lo) = s.strip_suffix('+') {
            return Ok(Versions::Range(num(lo)?, i16::MAX));
        }
        if let Some((lo, hi)) = s.split_once('-') {
            return Ok(Versions::Range(num(lo)?, num(hi)?));
        }
        let v = num(s)?;
        Ok(Versions::Range(v, v))
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Versions::None)
    }

    /// A Rust boolean expression over `version` that is true inside the range.
    pub fn cond(&self) -> String {
        match *self {
            Versions::None => "false".into(),
            Versions::Range(0, i16::MAX) => "true".into(),
            Versions::Range(lo, i16::MAX) => format!("version >= {lo}"),
            Versions::Range(lo, hi) if lo == hi => format!("version == {lo}"),
            Versions::Range(0, hi) => format!("version <= {hi}"),
            Versions::Range(lo, hi) => format!("(version >= {lo} && version <= {hi})"),
        }
    }

    /// Intersection with another range.
    pub fn and(&self, other: &Versions) -> Versions {
        match (*self, *other) {
            (Versions::Range(a, b), Versions::Range(c, d)) if a.max(c) <= b.min(d) => {
                Versions::Range(a.max(c), b.min(d))
            }
            _ => Versions::None,
        }
    }

    pub fn describe(&self) -> String {
        match *self {
            Versions::None => "none".into(),
            Versions::Range(lo, i16::MAX) => format!("{lo}+"),
            Versions::Range(lo, hi) => format!("{lo}-{hi}"),
        }
    }
}

fn num(s: &str) -> Result<i16, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("bad version number {s:?}"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    Bool,
    Int8,
    Int16,
    Uint16,
    Int32,
    Uint32,
    Int64,
    Float64,
    String,
    Bytes,
    Records,
    Uuid,
    Array(Box<Type>),
    Struct(String),
}

impl Type {
    fn parse(s: &str) -> Type {
        if let Some(inner) = s.strip_prefix("[]") {
            return Type::Array(Box::new(Type::parse(inner)));
        }
        match s {
            "bool" => Type::Bool,
            "int8" => Type::Int8,
            "int16" => Type::Int16,
            "uint16" => Type::Uint16,
            "int32" => Type::Int32,
            "uint32" => Type::Uint32,
            "int64" => Type::Int64,
            "float64" => Type::Float64,
            "string" => Type::String,
            "bytes" => Type::Bytes,
            "records" => Type::Records,
            "uuid" => Type::Uuid,
            other => Type::Struct(other.to_string()),
        }
    }

    /// Fixed encoded size of a primitive, if it has one.
    pub fn fixed_size(&self) -> Option<usize> {
        Some(match self {
            Type::Bool | Type::Int8 => 1,
            Type::Int16 | Type::Uint16 => 2,
            Type::Int32 | Type::Uint32 => 4,
            Type::Int64 | Type::Float64 => 8,
            Type::Uuid => 16,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub ty: Type,
    pub versions: Versions,
    pub nullable: Versions,
    pub tag: Option<u32>,
    pub tagged: Versions,
    pub default: Option<String>,
    pub ignorable: bool,
    /// Per-field override of the message's flexible versions (RequestHeader.ClientId).
    pub flexible: Option<Versions>,
    /// Fields of the struct this field defines inline, if any.
    pub fields: Option<Vec<Field>>,
}

#[derive(Debug, Clone)]
pub struct StructDef {
    pub name: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone)]
pub struct MessageSpec {
    pub name: String,
    /// "request", "response", "header" or "data".
    pub kind: String,
    pub api_key: Option<i16>,
    pub valid: Versions,
    pub flexible: Versions,
    pub latest_unstable: bool,
    pub fields: Vec<Field>,
    pub common_structs: Vec<StructDef>,
}

impl MessageSpec {
    /// Every struct of the message (inline and common), the message itself excluded.
    pub fn structs(&self) -> Vec<StructDef> {
        let mut out = Vec::new();
        fn walk(fields: &[Field], out: &mut Vec<StructDef>) {
            for f in fields {
                if let Some(inner) = &f.fields {
                    let name = match &f.ty {
                        Type::Array(e) => match &**e {
                            Type::Struct(n) => n.clone(),
                            _ => panic!("field {} has fields but is not a struct array", f.name),
                        },
                        Type::Struct(n) => n.clone(),
                        _ => panic!("field {} has fields but is not a struct", f.name),
                    };
                    if !out.iter().any(|s: &StructDef| s.name == name) {
                        out.push(StructDef {
                            name,
                            fields: inner.clone(),
                        });
                    }
                    walk(inner, out);
                }
            }
        }
        walk(&self.fields, &mut out);
        for s in &self.common_structs {
            if !out.iter().any(|o| o.name == s.name) {
                out.push(s.clone());
            }
            walk(&s.fields, &mut out);
        }
        out
    }
}

/// Removes `//` comments (outside strings) so serde_json can read the spec.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut prev = '\0';
        let mut cut = line.len();
        for (i, c) in line.char_indices() {
            if c == '"' && prev != '\\' {
                in_string = !in_string;
            }
            if !in_string && c == '/' && prev == '/' {
                cut = i - 1;
                break;
            }
            prev = c;
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn versions_of(v: &Value, key: &str) -> Result<Versions, String> {
    match str_of(v, key) {
        Some(s) => Versions::parse(&s),
        None => Ok(Versions::None),
    }
}

fn parse_fields(v: &Value) -> Result<Vec<Field>, String> {
    let Some(list) = v.get("fields").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    list.iter().map(parse_field).collect()
}

fn parse_field(v: &Value) -> Result<Field, String> {
    let name = str_of(v, "name").ok_or("field without name")?;
    let ty = Type::parse(&str_of(v, "type").ok_or_else(|| format!("{name}: no type"))?);
    // A field with only `taggedVersions` exists in those versions, as Kafka's
    // generator reads it (TransactionLogValue's PreviousProducerId).
    let versions = match str_of(v, "versions") {
        None if v.get("taggedVersions").is_some() => versions_of(v, "taggedVersions")?,
        _ => versions_of(v, "versions")?,
    };
    let tag = match str_of(v, "tag") {
        Some(t) => Some(
            t.parse::<u32>()
                .map_err(|_| format!("{name}: bad tag {t}"))?,
        ),
        None => None,
    };
    let fields = if v.get("fields").is_some() {
        Some(parse_fields(v)?)
    } else {
        None
    };
    Ok(Field {
        ty,
        versions,
        nullable: versions_of(v, "nullableVersions")?,
        tag,
        tagged: versions_of(v, "taggedVersions")?,
        default: str_of(v, "default"),
        ignorable: v.get("ignorable").and_then(Value::as_bool).unwrap_or(false),
        flexible: match str_of(v, "flexibleVersions") {
            Some(s) => Some(Versions::parse(&s)?),
            None => None,
        },
        fields,
        name,
    })
}

pub fn parse(text: &str) -> Result<MessageSpec, String> {
    let v: Value = serde_json::from_str(&strip_comments(text)).map_err(|e| e.to_string())?;
    let common_structs = match v.get("commonStructs").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .map(|s| {
                Ok(StructDef {
                    name: str_of(s, "name").ok_or("common struct without name")?,
                    fields: parse_fields(s)?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?,
        None => Vec::new(),
    };
    Ok(MessageSpec {
        name: str_of(&v, "name").ok_or("spec without name")?,
        kind: str_of(&v, "type").ok_or("spec without type")?,
        api_key: str_of(&v, "apiKey").map(|k| k.parse().expect("numeric apiKey")),
        valid: versions_of(&v, "validVersions")?,
        flexible: versions_of(&v, "flexibleVersions")?,
        latest_unstable: v
            .get("latestVersionUnstable")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        fields: parse_fields(&v)?,
        common_structs,
    })
}

/// `TopicIdHighWatermark` → `topic_id_high_watermark`, `ISRChange` → `isr_change`.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_names() {
        assert_eq!(snake("ProduceRequest"), "produce_request");
        assert_eq!(snake("TopicId"), "topic_id");
        assert_eq!(snake("ISRChange"), "isr_change");
        assert_eq!(snake("ThrottleTimeMs"), "throttle_time_ms");
        assert_eq!(snake("KRaftVersionRecord"), "k_raft_version_record");
    }

    #[test]
    fn version_ranges() {
        assert_eq!(Versions::parse("3+").unwrap(), Versions::Range(3, i16::MAX));
        assert_eq!(Versions::parse("0-4").unwrap(), Versions::Range(0, 4));
        assert_eq!(Versions::parse("none").unwrap(), Versions::None);
        assert_eq!(Versions::parse("2").unwrap(), Versions::Range(2, 2));
        assert_eq!(
            Versions::Range(3, 9).cond(),
            "(version >= 3 && version <= 9)"
        );
    }

    #[test]
    fn comments_are_stripped_outside_strings() {
        let s = strip_comments("// c\n{ \"a\": \"x//y\" } // tail\n");
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["a"], "x//y");
    }
}
