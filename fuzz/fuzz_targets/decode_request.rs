//! A request frame (after the size prefix), as a broker receives it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = protocol::frame::decode_request(bytes::Bytes::copy_from_slice(data));
});
