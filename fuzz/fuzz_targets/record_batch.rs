//! Record batches as a produce request carries them: split, validate, decode
//! every record (decompressing, with a cap).
#![no_main]
use libfuzzer_sys::fuzz_target;
use protocol::records::Batches;

fuzz_target!(|data: &[u8]| {
    for batch in Batches::new(bytes::Bytes::copy_from_slice(data)) {
        let Ok(batch) = batch else { break };
        let _ = batch.validate();
        if let Ok(iter) = batch.iter_records(1 << 20) {
            for record in iter {
                if record.is_err() {
                    break;
                }
            }
        }
    }
});
