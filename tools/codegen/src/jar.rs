//! Reads the files of a jar (a zip archive): just what the codegen needs to
//! take Kafka's JSON specs out of its release jars.
//!
//! The input is trusted: `kafka_specs` checks a jar's SHA-256 against the lock
//! before it is opened here. Still, every offset and length is bounds-checked
//! (an error, never a panic) and every entry's CRC-32 is checked. Supported:
//! stored and deflated entries, no zip64 (Kafka's jars are a few MB).

use std::io::Read;

const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
const CENTRAL_DIRECTORY_HEADER: u32 = 0x0201_4b50;
const LOCAL_FILE_HEADER: u32 = 0x0403_4b50;
/// The end record is 22 bytes plus a comment of at most 65,535 bytes.
const MAX_END_RECORD: usize = 22 + 0xffff;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// One file of the archive: its path inside the jar and its bytes.
pub struct Entry {
    pub path: String,
    pub data: Vec<u8>,
}

/// The files of `jar` whose path `wanted` accepts, in archive order.
pub fn entries(jar: &[u8], wanted: impl Fn(&str) -> bool) -> Result<Vec<Entry>, String> {
    let end = find_end_record(jar)?;
    let count = u16_at(jar, end + 10)? as usize;
    let mut at = u32_at(jar, end + 16)? as usize;
    let mut out = Vec::new();
    for _ in 0..count {
        if u32_at(jar, at)? != CENTRAL_DIRECTORY_HEADER {
            return Err(format!("no central directory header at {at}"));
        }
        let method = u16_at(jar, at + 10)?;
        let crc = u32_at(jar, at + 16)?;
        let compressed = u32_at(jar, at + 20)? as usize;
        let size = u32_at(jar, at + 24)? as usize;
        let name_len = u16_at(jar, at + 28)? as usize;
        let extra_len = u16_at(jar, at + 30)? as usize;
        let comment_len = u16_at(jar, at + 32)? as usize;
        let local = u32_at(jar, at + 42)? as usize;
        let path = String::from_utf8_lossy(bytes_at(jar, at + 46, name_len)?).into_owned();
        at += 46 + name_len + extra_len + comment_len;
        if path.ends_with('/') || !wanted(&path) {
            continue;
        }
        if u32_at(jar, local)? != LOCAL_FILE_HEADER {
            return Err(format!("{path}: no local file header at {local}"));
        }
        let start =
            local + 30 + u16_at(jar, local + 26)? as usize + u16_at(jar, local + 28)? as usize;
        let raw = bytes_at(jar, start, compressed)?;
        let data = match method {
            STORED => raw.to_vec(),
            DEFLATED => {
                let mut data = Vec::with_capacity(size);
                flate2::read::DeflateDecoder::new(raw)
                    .take(size as u64 + 1)
                    .read_to_end(&mut data)
                    .map_err(|e| format!("{path}: {e}"))?;
                data
            }
            other => return Err(format!("{path}: unsupported compression method {other}")),
        };
        let mut check = flate2::Crc::new();
        check.update(&data);
        if data.len() != size || check.sum() != crc {
            return Err(format!("{path}: size or CRC-32 differs from the directory"));
        }
        out.push(Entry { path, data });
    }
    Ok(out)
}

fn find_end_record(jar: &[u8]) -> Result<usize, String> {
    let lowest = jar.len().saturating_sub(MAX_END_RECORD);
    (lowest..jar.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(jar, i).is_ok_and(|s| s == END_OF_CENTRAL_DIRECTORY))
        .ok_or_else(|| "not a zip archive (no end of central directory record)".to_string())
}

fn bytes_at(jar: &[u8], at: usize, len: usize) -> Result<&[u8], String> {
    at.checked_add(len)
        .and_then(|end| jar.get(at..end))
        .ok_or_else(|| format!("truncated archive: {len} bytes at {at}"))
}

fn u16_at(jar: &[u8], at: usize) -> Result<u16, String> {
    Ok(u16::from_le_bytes(
        bytes_at(jar, at, 2)?.try_into().unwrap(),
    ))
}

fn u32_at(jar: &[u8], at: usize) -> Result<u32, String> {
    Ok(u32::from_le_bytes(
        bytes_at(jar, at, 4)?.try_into().unwrap(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of one stored file, as `zip -0` writes it.
    fn stored_zip(path: &str, data: &[u8]) -> Vec<u8> {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let (crc, len, name) = (crc.sum(), data.len() as u32, path.as_bytes());
        let mut z = Vec::new();
        z.extend(LOCAL_FILE_HEADER.to_le_bytes());
        z.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, method, time, date
        z.extend(crc.to_le_bytes());
        z.extend(len.to_le_bytes());
        z.extend(len.to_le_bytes());
        z.extend((name.len() as u16).to_le_bytes());
        z.extend([0, 0]);
        z.extend(name);
        z.extend(data);
        let directory = z.len() as u32;
        z.extend(CENTRAL_DIRECTORY_HEADER.to_le_bytes());
        z.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // versions, flags, method, time, date
        z.extend(crc.to_le_bytes());
        z.extend(len.to_le_bytes());
        z.extend(len.to_le_bytes());
        z.extend((name.len() as u16).to_le_bytes());
        z.extend([0; 12]); // extra, comment, disk, attributes
        z.extend(0u32.to_le_bytes()); // local header offset
        z.extend(name);
        let directory_len = z.len() as u32 - directory;
        z.extend(END_OF_CENTRAL_DIRECTORY.to_le_bytes());
        z.extend([0, 0, 0, 0, 1, 0, 1, 0]);
        z.extend(directory_len.to_le_bytes());
        z.extend(directory.to_le_bytes());
        z.extend([0, 0]);
        z
    }

    #[test]
    fn reads_a_stored_entry_and_filters_by_path() {
        let zip = stored_zip("common/message/A.json", b"{}");
        let got = entries(&zip, |p| p.ends_with(".json")).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "common/message/A.json");
        assert_eq!(got[0].data, b"{}");
        assert!(entries(&zip, |_| false).unwrap().is_empty());
    }

    #[test]
    fn a_damaged_archive_is_an_error_not_a_panic() {
        let zip = stored_zip("A.json", b"{\"x\": 1}");
        for cut in 0..zip.len() {
            let _ = entries(&zip[..cut], |_| true);
        }
        let mut flipped = zip.clone();
        flipped[30 + "A.json".len() + 1] ^= 1; // a byte of the data: its CRC-32 no longer matches
        assert!(entries(&flipped, |_| true).is_err());
        assert!(entries(b"not a zip", |_| true).is_err());
    }
}
