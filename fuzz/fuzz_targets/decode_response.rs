//! A response frame, as a client (the CLI) receives it: the first two bytes
//! choose the API and version the client expects.
#![no_main]
use libfuzzer_sys::fuzz_target;
use protocol::ApiKey;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let api = ApiKey::ALL[data[0] as usize % ApiKey::ALL.len()];
    let range = api.valid_versions();
    // ZooKeeper-era APIs (LeaderAndIsr, ...) have no valid version in Kafka 4.
    if range.max < range.min {
        return;
    }
    let span = (range.max - range.min + 1) as u8;
    let version = range.min + (data[1] % span) as i16;
    let _ =
        protocol::frame::decode_response(api, version, bytes::Bytes::copy_from_slice(&data[2..]));
});
